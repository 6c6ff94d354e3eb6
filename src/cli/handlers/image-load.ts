import {usageError} from '../../errors.js';
import {loadImages} from '../../image/index.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

/** `docker load`'s output: "Loaded image: NAME" per name, "Loaded image ID: sha256:..." for an unnamed image. */
const imageLoad: Handler = async ({flags}, {paths}) => {
  if (typeof flags.input !== 'string') throw usageError('missing -i FILE', 'usage: islander image load -i FILE');
  const result = await loadImages(paths, flags.input, {progress: process.stderr.isTTY === true && flags.quiet !== true});
  if (flags.quiet !== true) printLines(result.loaded);
};

export {imageLoad as handler};
