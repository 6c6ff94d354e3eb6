import {usageError} from '../../errors.js';
import {tagImage} from '../../image/index.js';
import type {Handler} from '../dispatch.js';

/** Silent on success, as `docker tag`. */
const imageTag: Handler = async ({args}, {paths}) => {
  if (!args.source || !args.target) throw usageError('missing SOURCE or TARGET', 'usage: islander image tag SOURCE TARGET');
  tagImage(paths, args.source, args.target);
};

export {imageTag as handler};
