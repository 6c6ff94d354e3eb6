import {parseSignal} from '../../container/signals.js';
import {killContainer} from '../../container/stop.js';
import {forEachContainer} from '../each.js';
import type {Handler} from '../dispatch.js';
import {optionalString} from './flags.js';

const kill: Handler = async ({argv, flags}, {paths}) => {
  const signal = parseSignal(optionalString(flags.signal) ?? 'KILL');
  return forEachContainer(argv, async (ref) => {
    await killContainer(paths, ref, signal);
    return ref;
  });
};

export {kill as handler};
