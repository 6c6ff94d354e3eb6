import {copy} from '../../container/cp.js';
import {usageError} from '../../errors.js';
import type {Handler} from '../dispatch.js';

const cp: Handler = async ({args, flags}, {paths}) => {
  if (!args.source || !args.destination) throw usageError('missing SRC or DST', 'usage: islander cp [-a] SRC DST');
  await copy(paths, {source: args.source, destination: args.destination, archive: flags.archive === true});
};

export {cp as handler};
