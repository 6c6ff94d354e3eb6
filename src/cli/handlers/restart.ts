import {startContainer} from '../../container/start.js';
import {stopContainer} from '../../container/stop.js';
import {detachFromShim} from '../../runtime/shim.js';
import {forEachContainer} from '../each.js';
import type {Handler} from '../dispatch.js';
import {optionalString, parseTimeout} from './flags.js';

const restart: Handler = async ({argv, flags}, {paths}) => {
  const timeoutSeconds = parseTimeout(optionalString(flags.time));
  return forEachContainer(argv, async (ref) => {
    const stopped = await stopContainer(paths, ref, {timeoutSeconds});
    const started = await startContainer(paths, stopped, {stdin: false, detach: true});
    detachFromShim(started);
    return ref;
  });
};

export {restart as handler};
