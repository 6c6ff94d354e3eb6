import {isIslanderError} from '../../errors.js';
import {removeImage} from '../../image/index.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

/** Docker's `rmi` output; one failing image does not stop the others, but sets the exit code. */
const imageRm: Handler = async ({argv, flags}, {paths}) => {
  let exitCode = 0;
  for (const ref of argv) {
    try {
      const result = removeImage(paths, ref, {force: flags.force === true});
      printLines([...result.untagged.map((name) => `Untagged: ${name}`), ...result.deleted.map((id) => `Deleted: sha256:${id}`)]);
    } catch (error) {
      if (!isIslanderError(error)) throw error;
      process.stderr.write(`islander: ${error.oneLine()}\n`);
      exitCode = error.exitCode;
    }
  }
  return exitCode;
};

export {imageRm as handler};
