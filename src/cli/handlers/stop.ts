import {parseSignal} from '../../container/signals.js';
import {stopContainer} from '../../container/stop.js';
import {forEachContainer} from '../each.js';
import type {Handler} from '../dispatch.js';
import {optionalString, parseTimeout} from './flags.js';

const stop: Handler = async ({argv, flags}, {paths}) => {
  const timeoutSeconds = parseTimeout(optionalString(flags.time));
  const signal = flags.signal === undefined ? undefined : parseSignal(String(flags.signal));
  return forEachContainer(argv, async (ref) => {
    await stopContainer(paths, ref, {timeoutSeconds, signal});
    return ref;
  });
};

export {stop as handler};
