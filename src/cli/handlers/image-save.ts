import {usageError} from '../../errors.js';
import {saveImages, type SaveFormat} from '../../image/index.js';
import type {Handler} from '../dispatch.js';

/** Like Docker, refuses to write a binary archive to a terminal. */
const imageSave: Handler = async ({argv, flags}, {paths}) => {
  if (argv.length === 0) throw usageError('missing IMAGE', 'usage: islander image save [-o FILE] IMAGE...');
  const format: SaveFormat = flags.format === 'oci-archive' ? 'oci-archive' : 'docker-archive';
  const output = typeof flags.output === 'string' ? flags.output : process.stdout;
  if (output === process.stdout && process.stdout.isTTY) {
    throw usageError('refusing to write an archive to a terminal', 'use -o FILE or redirect stdout');
  }
  await saveImages(paths, argv, format, output);
};

export {imageSave as handler};
