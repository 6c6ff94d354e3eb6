// oclif's "explicit" command strategy: every command is listed here, and the bundle holds them all.
import Attach from './attach.js';
import Commit from './commit.js';
import ContainerPrune from './container/prune.js';
import Cp from './cp.js';
import Create from './create.js';
import Diff from './diff.js';
import Exec from './exec.js';
import Export from './export.js';
import ImageHistory from './image/history.js';
import ImageImport from './image/import.js';
import ImageInspect from './image/inspect.js';
import ImageLoad from './image/load.js';
import ImageLs from './image/ls.js';
import ImagePrune from './image/prune.js';
import ImagePull from './image/pull.js';
import ImagePush from './image/push.js';
import ImageRm from './image/rm.js';
import ImageSave from './image/save.js';
import ImageTag from './image/tag.js';
import Info from './info.js';
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
import Version from './version.js';
import VolumeCreate from './volume/create.js';
import VolumeInspect from './volume/inspect.js';
import VolumeLs from './volume/ls.js';
import VolumePrune from './volume/prune.js';
import VolumeRm from './volume/rm.js';
import Wait from './wait.js';

export const COMMANDS = {
  attach: Attach,
  commit: Commit,
  'container:prune': ContainerPrune,
  cp: Cp,
  create: Create,
  diff: Diff,
  exec: Exec,
  export: Export,
  'image:history': ImageHistory,
  'image:import': ImageImport,
  'image:inspect': ImageInspect,
  'image:load': ImageLoad,
  'image:ls': ImageLs,
  'image:prune': ImagePrune,
  'image:pull': ImagePull,
  'image:push': ImagePush,
  'image:rm': ImageRm,
  'image:save': ImageSave,
  'image:tag': ImageTag,
  info: Info,
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
  version: Version,
  'volume:create': VolumeCreate,
  'volume:inspect': VolumeInspect,
  'volume:ls': VolumeLs,
  'volume:prune': VolumePrune,
  'volume:rm': VolumeRm,
  wait: Wait,
};
