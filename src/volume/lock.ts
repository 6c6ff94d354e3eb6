import {closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError, isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {volumesRoot} from './names.js';

/**
 * The volume lock: held while a container's volumes are made sure of and its record written, and while `volume
 * rm`/`prune` look for users and take a volume away, so a volume cannot vanish between "nobody uses it" and a new
 * container naming it. An O_EXCL file holding the owner's pid, held for milliseconds (never during a pre-fill
 * copy); a lock whose owner is dead and that is older than STALE_MS is broken.
 */
const WAIT_MS = 30_000;
const POLL_MS = 20;
const STALE_MS = 2_000;

export async function withVolumeLock<T>(paths: StorePaths, action: () => Promise<T>): Promise<T> {
  ensureDir(volumesRoot(paths));
  const lockPath = join(volumesRoot(paths), '.lock');
  await acquire(lockPath);
  try {
    return await action();
  } finally {
    unlinkSync(lockPath);
  }
}

async function acquire(lockPath: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      try {
        writeSync(fd, String(process.pid));
      } finally {
        closeSync(fd);
      }
      return;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    if (isStale(lockPath)) {
      try {
        unlinkSync(lockPath);
      } catch (error) {
        if (!isErrno(error, 'ENOENT')) throw error;
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new IslanderError('system', `the volume store is locked by another islander process (${lockPath})`, {
        suggestion: 'wait for it to finish, or remove the lock file if no islander command is running',
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function isStale(lockPath: string): boolean {
  try {
    const age = Date.now() - statSync(lockPath).mtimeMs;
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return age > STALE_MS && !(Number.isInteger(pid) && pid > 0 && isAlive(pid));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
