import {isIslanderError} from '../../errors.js';
import {resolveVolume} from '../../volume/store.js';
import type {VolumeRecord} from '../../volume/types.js';
import type {Handler} from '../dispatch.js';
import {printInspected} from '../output.js';

/** Like docker: the volumes found are printed, each missing one is reported, and any miss sets the exit code. */
const volumeInspect: Handler = async ({argv, flags}, {paths}) => {
  const found: VolumeRecord[] = [];
  let exitCode = 0;
  for (const name of argv) {
    try {
      found.push(resolveVolume(paths, name));
    } catch (error) {
      if (!isIslanderError(error)) throw error;
      process.stderr.write(`islander: ${error.oneLine()}\n`);
      exitCode = error.exitCode;
    }
  }
  printInspected(found, flags.format);
  return exitCode;
};

export {volumeInspect as handler};
