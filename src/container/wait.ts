import {sleep} from '../util/sleep.js';
import type {StorePaths} from '../paths.js';
import {reconcile} from './reconcile.js';
import {isActive} from './record.js';
import {currentContainer} from './reconcile.js';

/** `islander wait`: blocks until the container is exited (or removed) and returns its exit code. */
export async function waitForContainer(paths: StorePaths, ref: string): Promise<number> {
  let record = await currentContainer(paths, ref);
  while (isActive(record.state.status) || record.state.status === 'created') {
    await sleep(50);
    const next = await reconcile(paths, record);
    if (!next) return record.state.exitCode;
    record = next;
  }
  return record.state.exitCode;
}
