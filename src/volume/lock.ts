import {join} from 'node:path';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {acquireLock, releaseLock} from '../util/lock-file.js';
import {volumesRoot} from './names.js';

/**
 * The volume lock: held while a container's volumes are made sure of and its record written, and while `volume
 * rm`/`prune` look for users and take a volume away, so a volume cannot vanish between "nobody uses it" and a new
 * container naming it. Never held during a pre-fill copy.
 */
export async function withVolumeLock<T>(paths: StorePaths, action: () => Promise<T>): Promise<T> {
  ensureDir(volumesRoot(paths));
  const lockPath = join(volumesRoot(paths), '.lock');
  await acquireLock(lockPath, 'volume store');
  try {
    return await action();
  } finally {
    releaseLock(lockPath);
  }
}
