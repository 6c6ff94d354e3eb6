import {closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {IslanderError, isErrno} from '../errors.js';

/**
 * A short-lived lock file: created with O_EXCL and holding the owner's pid. Stores hold it for milliseconds (a
 * rename and a JSON write), never during long work, so waiters poll. A lock whose owner is dead and that has not
 * changed for STALE_MS is broken; the age check keeps two waiters from both breaking it and then one of them
 * deleting the other's fresh lock.
 */
const WAIT_MS = 30_000;
const POLL_MS = 20;
const STALE_MS = 2_000;

/** Blocks (the image store's writers are synchronous) until the lock is ours. `what` names the store. */
export function acquireLockSync(lockPath: string, what: string): void {
  const deadline = Date.now() + WAIT_MS;
  while (!tryAcquire(lockPath, deadline, what)) sleepSync(POLL_MS);
}

export async function acquireLock(lockPath: string, what: string): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!tryAcquire(lockPath, deadline, what)) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
}

export function releaseLock(lockPath: string): void {
  unlinkSync(lockPath);
}

/** Whether a pid exists (EPERM: it does, and is someone else's). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}

/** True once the lock is ours; false to wait and try again; throws past the deadline. */
function tryAcquire(lockPath: string, deadline: number, what: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx', 0o600);
    try {
      writeSync(fd, String(process.pid));
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  }
  if (isStale(lockPath)) {
    removeIfPresent(lockPath);
    return false;
  }
  if (Date.now() > deadline) {
    throw new IslanderError('system', `the ${what} is locked by another islander process (${lockPath})`, {
      suggestion: 'wait for it to finish, or remove the lock file if no islander command is running',
    });
  }
  return false;
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
