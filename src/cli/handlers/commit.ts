import {commitContainer} from '../../container/commit.js';
import {usageError} from '../../errors.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

/** The id alone on stdout, so `id=$(islander commit web)` works. */
const commit: Handler = async ({args, flags}, {paths}) => {
  if (!args.container) throw usageError('missing CONTAINER', 'usage: islander commit CONTAINER [NAME[:TAG]]');
  const image = await commitContainer(paths, {container: args.container, reference: args.reference, pause: flags.pause !== false});
  printLines([`sha256:${image.id}`]);
};

export {commit as handler};
