import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {acquireLockSync, releaseLock} from '../util/lock-file.js';
import {storeLockPath} from './layout.js';

/** The image store's lock, around changes to repositories.json and the set of image and layer directories. */
export function withStoreLock<T>(paths: StorePaths, action: () => T): T {
  ensureDir(paths.images);
  const lockPath = storeLockPath(paths);
  acquireLockSync(lockPath, 'image store');
  try {
    return action();
  } finally {
    releaseLock(lockPath);
  }
}
