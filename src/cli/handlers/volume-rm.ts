import {isIslanderError} from '../../errors.js';
import {removeVolume} from '../../volume/remove.js';
import type {Handler} from '../dispatch.js';

/** One refused volume does not stop the others, but sets the exit code. */
const volumeRm: Handler = async ({argv, flags}, {paths}) => {
  let exitCode = 0;
  for (const name of argv) {
    try {
      const removed = await removeVolume(paths, name, {force: flags.force === true});
      if (removed !== undefined) process.stdout.write(`${removed}\n`);
    } catch (error) {
      if (!isIslanderError(error)) throw error;
      process.stderr.write(`islander: ${error.oneLine()}\n`);
      exitCode = error.exitCode;
    }
  }
  return exitCode;
};

export {volumeRm as handler};
