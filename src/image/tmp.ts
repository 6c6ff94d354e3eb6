import {mkdirSync, readdirSync, renameSync, statSync} from 'node:fs';
import {randomBytesFromKernel as randomBytes} from '../util/random.js';
import {join} from 'node:path';
import {isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {isAlive} from '../util/lock-file.js';
import {removeTree} from '../util/remove-tree.js';

/**
 * Work directories under <root>/tmp: `import-<pid>-<random>` while an import unpacks, `remove-<pid>-<random>`
 * for an image being deleted (renamed out of images/ first, so a crash never leaves half an image in the store).
 * A directory whose process is gone, or that is older than STALE_MS, is removed by the next import.
 */
const STALE_MS = 60 * 60 * 1000;
const WORK_DIR = /^(?:import|remove)-(\d+)-[0-9a-f]+$/;

function workDirName(kind: 'import' | 'remove'): string {
  return `${kind}-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** A fresh import directory with an empty `rootfs/` inside. */
export function createImportDir(paths: StorePaths): string {
  ensureDir(paths.tmp);
  const dir = join(paths.tmp, workDirName('import'));
  mkdirSync(dir, {mode: 0o700});
  mkdirSync(join(dir, 'rootfs'), {mode: 0o755});
  return dir;
}

/** Moves `dir` into tmp/ under a remove- name and returns the new path, for deletion outside the lock. */
export function moveToTrash(paths: StorePaths, dir: string): string {
  ensureDir(paths.tmp);
  const trash = join(paths.tmp, workDirName('remove'));
  renameSync(dir, trash);
  return trash;
}

/** Removes work directories left by interrupted imports and removals; returns their names. */
export function removeStaleWorkDirs(paths: StorePaths, now = Date.now()): string[] {
  let names: string[];
  try {
    names = readdirSync(paths.tmp);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = WORK_DIR.exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid) continue;
    const dir = join(paths.tmp, name);
    let age: number;
    try {
      age = now - statSync(dir).mtimeMs;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) continue;
      throw error;
    }
    if (!isAlive(pid) || age > STALE_MS) {
      removeTree(dir);
      removed.push(name);
    }
  }
  return removed;
}
