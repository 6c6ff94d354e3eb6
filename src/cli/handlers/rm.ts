import {removeContainer} from '../../container/remove.js';
import {isIslanderError} from '../../errors.js';
import type {Handler} from '../dispatch.js';

/** Removes each container named; like Docker, one failure does not stop the others, but sets the exit code. */
const rm: Handler = async ({argv, flags}, {paths}) => {
  let exitCode = 0;
  for (const ref of argv) {
    try {
      await removeContainer(paths, ref, {force: flags.force === true});
      process.stdout.write(`${ref}\n`);
    } catch (error) {
      if (!isIslanderError(error)) throw error;
      process.stderr.write(`islander: ${error.oneLine()}\n`);
      exitCode = error.exitCode;
    }
  }
  return exitCode;
};

export {rm as handler};
