// oclif's "explicit" command strategy: every command is listed here, and the bundle holds them all.
import Attach from './attach.js';
import Create from './create.js';
import ImageImport from './image/import.js';
import ImageInspect from './image/inspect.js';
import ImageLs from './image/ls.js';
import ImageRm from './image/rm.js';
import Inspect from './inspect.js';
import Kill from './kill.js';
import Logs from './logs.js';
import Ps from './ps.js';
import Restart from './restart.js';
import Rm from './rm.js';
import Run from './run.js';
import Start from './start.js';
import Stop from './stop.js';
import Wait from './wait.js';

export const COMMANDS = {
  attach: Attach,
  create: Create,
  'image:import': ImageImport,
  'image:inspect': ImageInspect,
  'image:ls': ImageLs,
  'image:rm': ImageRm,
  inspect: Inspect,
  kill: Kill,
  logs: Logs,
  ps: Ps,
  restart: Restart,
  rm: Rm,
  run: Run,
  start: Start,
  stop: Stop,
  wait: Wait,
};
