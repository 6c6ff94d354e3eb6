import {removeContainer} from '../../container/remove.js';
import {forEachContainer} from '../each.js';
import type {Handler} from '../dispatch.js';

const rm: Handler = async ({argv, flags}, {paths}) =>
  forEachContainer(argv, async (ref) => {
    await removeContainer(paths, ref, {force: flags.force === true});
    return ref;
  });

export {rm as handler};
