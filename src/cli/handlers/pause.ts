import {pauseContainer} from '../../container/pause.js';
import {forEachContainer} from '../each.js';
import type {Handler} from '../dispatch.js';

const pause: Handler = async ({argv}, {paths}) => forEachContainer(argv, async (ref) => {
  await pauseContainer(paths, ref);
  return ref;
});

export {pause as handler};
