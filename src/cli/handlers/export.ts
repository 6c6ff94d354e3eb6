import {exportContainer} from '../../container/export.js';
import {usageError} from '../../errors.js';
import type {Handler} from '../dispatch.js';
import {optionalString} from './flags.js';

const exportHandler: Handler = async ({args, flags}, {paths}) => {
  if (!args.container) throw usageError('missing CONTAINER', 'usage: islander export [-o FILE] CONTAINER');
  await exportContainer(paths, {container: args.container, output: optionalString(flags.output)});
};

export {exportHandler as handler};
