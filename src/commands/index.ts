// oclif's "explicit" command strategy: every command is listed here, and the bundle holds them all.
import Inspect from './inspect.js';
import Ps from './ps.js';
import Rm from './rm.js';
import Run from './run.js';

export const COMMANDS = {
  inspect: Inspect,
  ps: Ps,
  rm: Rm,
  run: Run,
};
