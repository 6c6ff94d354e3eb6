import {unpauseContainer} from '../../container/pause.js';
import {forEachContainer} from '../each.js';
import type {Handler} from '../dispatch.js';

const unpause: Handler = async ({argv}, {paths}) => forEachContainer(argv, async (ref) => {
  await unpauseContainer(paths, ref);
  return ref;
});

export {unpause as handler};
