import type {Handler} from '../dispatch.js';

type HandlerModule = {handler: Handler};

/** Command id → its handler, loaded on demand so each command pays only for the code it uses. */
export const HANDLERS: Record<string, () => Promise<HandlerModule>> = {
  'image:import': () => import('./image-import.js'),
  'image:inspect': () => import('./image-inspect.js'),
  'image:ls': () => import('./image-ls.js'),
  'image:rm': () => import('./image-rm.js'),
  inspect: () => import('./inspect.js'),
  ps: () => import('./ps.js'),
  rm: () => import('./rm.js'),
  run: () => import('./run.js'),
};
