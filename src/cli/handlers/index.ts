import type {Handler} from '../dispatch.js';

type HandlerModule = {handler: Handler};

/** Command id → its handler, loaded on demand so each command pays only for the code it uses. */
export const HANDLERS: Record<string, () => Promise<HandlerModule>> = {
  attach: () => import('./attach.js'),
  create: () => import('./create.js'),
  exec: () => import('./exec.js'),
  'image:import': () => import('./image-import.js'),
  'image:inspect': () => import('./image-inspect.js'),
  'image:ls': () => import('./image-ls.js'),
  'image:rm': () => import('./image-rm.js'),
  inspect: () => import('./inspect.js'),
  kill: () => import('./kill.js'),
  logs: () => import('./logs.js'),
  pause: () => import('./pause.js'),
  ps: () => import('./ps.js'),
  rename: () => import('./rename.js'),
  restart: () => import('./restart.js'),
  rm: () => import('./rm.js'),
  run: () => import('./run.js'),
  start: () => import('./start.js'),
  stats: () => import('./stats.js'),
  stop: () => import('./stop.js'),
  top: () => import('./top.js'),
  unpause: () => import('./unpause.js'),
  wait: () => import('./wait.js'),
};
