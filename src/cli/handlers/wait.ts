import {waitForContainer} from '../../container/wait.js';
import {forEachContainer} from '../each.js';
import type {Handler} from '../dispatch.js';

const wait: Handler = async ({argv}, {paths}) => forEachContainer(argv, async (ref) => String(await waitForContainer(paths, ref)));

export {wait as handler};
