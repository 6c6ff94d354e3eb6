import {closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {IslanderError, isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {storeLockPath} from './layout.js';

/**
 * A short-lived lock around changes to repositories.json and the set of image directories: a file created with
 * O_EXCL holding the owner's pid. It is held for milliseconds (a rename and a JSON write), never during an
 * unpack, so waiters poll. A lock whose owner is dead and that has not changed for STALE_MS is broken; the age
 * check keeps two waiters from both breaking it and then one of them deleting the other's fresh lock.
 */
const WAIT_MS = 30_000;
const POLL_MS = 20;
const STALE_MS = 2_000;

export function withStoreLock<T>(paths: StorePaths, action: () => T): T {
  ensureDir(paths.images);
  const lockPath = storeLockPath(paths);
  acquire(lockPath);
  try {
    return action();
  } finally {
    unlinkSync(lockPath);
  }
}

function acquire(lockPath: string): void {
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
      removeIfPresent(lockPath);
      continue;
    }
    if (Date.now() > deadline) {
      throw new IslanderError('system', `the image store is locked by another islander process (${lockPath})`, {
        suggestion: 'wait for it to finish, or remove the lock file if no islander command is running',
      });
    }
    sleepSync(POLL_MS);
  }
}

function isStale(lockPath: string): boolean {
  try {
    const age = Date.now() - statSync(lockPath).mtimeMs;
    const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
    return age > STALE_MS && !(Number.isInteger(pid) && pid > 0 && isAlive(pid));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return false; // released meanwhile: just retry
    throw error;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

function removeIfPresent(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
