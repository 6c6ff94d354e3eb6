import {usageError} from '../../errors.js';
import {importImage} from '../../image/index.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

/** Progress on a terminal only; the id alone on stdout, so `id=$(islander image import f.tar)` works. */
const imageImport: Handler = async ({args}, {paths}) => {
  if (!args.file) throw usageError('missing FILE', 'usage: islander image import FILE [NAME[:TAG]]');
  const image = await importImage(paths, args.file, args.name, {progress: process.stderr.isTTY === true});
  printLines([`sha256:${image.id}`]);
};

export {imageImport as handler};
