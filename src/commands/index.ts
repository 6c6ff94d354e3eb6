// oclif's "explicit" command strategy: every command is listed here, and the bundle holds them all.
import ImageImport from './image/import.js';
import ImageInspect from './image/inspect.js';
import ImageLs from './image/ls.js';
import ImageRm from './image/rm.js';
import Inspect from './inspect.js';
import Ps from './ps.js';
import Rm from './rm.js';
import Run from './run.js';

export const COMMANDS = {
  'image:import': ImageImport,
  'image:inspect': ImageInspect,
  'image:ls': ImageLs,
  'image:rm': ImageRm,
  inspect: Inspect,
  ps: Ps,
  rm: Rm,
  run: Run,
};
