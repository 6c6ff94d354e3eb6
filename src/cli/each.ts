import {isIslanderError} from '../errors.js';

/**
 * Runs an action for each container named, as Docker's multi-container commands do: one failure does not stop
 * the others; each failure is one line on stderr; the exit code is the last failure's. Prints what the action
 * returns, one line each.
 */
export async function forEachContainer(refs: readonly string[], action: (ref: string) => Promise<string>): Promise<number> {
  let exitCode = 0;
  for (const ref of refs) {
    try {
      process.stdout.write(`${await action(ref)}\n`);
    } catch (error) {
      if (!isIslanderError(error)) throw error;
      process.stderr.write(`islander: ${error.oneLine()}\n`);
      exitCode = error.exitCode;
    }
  }
  return exitCode;
}
