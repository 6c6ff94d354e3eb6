// oclif's "explicit" command strategy: every command is listed here, and the bundle holds them all.
import Attach from './attach.js';
import Create from './create.js';
import Exec from './exec.js';
import ImageImport from './image/import.js';
import ImageInspect from './image/inspect.js';
import ImageLs from './image/ls.js';
import ImageRm from './image/rm.js';
import Inspect from './inspect.js';
import Kill from './kill.js';
import Logs from './logs.js';
import Pause from './pause.js';
import Ps from './ps.js';
import Rename from './rename.js';
import Restart from './restart.js';
import Rm from './rm.js';
import Run from './run.js';
import Start from './start.js';
import Stats from './stats.js';
import Stop from './stop.js';
import Top from './top.js';
import Unpause from './unpause.js';
import Wait from './wait.js';

export const COMMANDS = {
  attach: Attach,
  create: Create,
  exec: Exec,
  'image:import': ImageImport,
  'image:inspect': ImageInspect,
  'image:ls': ImageLs,
  'image:rm': ImageRm,
  inspect: Inspect,
  kill: Kill,
  logs: Logs,
  pause: Pause,
  ps: Ps,
  rename: Rename,
  restart: Restart,
  rm: Rm,
  run: Run,
  start: Start,
  stats: Stats,
  stop: Stop,
  top: Top,
  unpause: Unpause,
  wait: Wait,
};
