import {closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync} from 'node:fs';
import {dirname} from 'node:path';
import {isErrno} from '../errors.js';

/**
 * Write a file so that readers see the old content or the new, never a half: temp file in the same
 * directory, fsync, rename, then fsync the directory so the rename itself survives a crash.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): void {
  const dir = dirname(path);
  const temp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  const fd = openSync(temp, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDirectory(dir);
}

/**
 * A file of a container's runtime directory, which each start creates afresh and nothing reads before the shim
 * starts: a crash or a killed CLI mid-write leaves a container that never started, whose next start rebuilds the
 * directory. So neither a temp file nor an fsync buys anything (and the directory lives on tmpfs under
 * /run/islander, where fsync is a no-op anyway).
 */
export function writeRuntimeFile(path: string, data: string, mode = 0o644): void {
  writeFileSync(path, data, {mode});
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Parsed JSON, or undefined when the file does not exist. */
export function readJsonIfExists<T>(path: string): T | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

export function ensureDir(path: string, mode = 0o700): void {
  mkdirSync(path, {recursive: true, mode});
}
