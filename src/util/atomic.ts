import {closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync} from 'node:fs';
import {dirname} from 'node:path';
import {isErrno} from '../errors.js';

const jsonText = (value: unknown): string => JSON.stringify(value, null, 2) + '\n';

export interface AtomicWriteOptions {
  /**
   * The file exists, and after a crash its previous version serves as well as the new one (a running container's
   * state: no container runs after a reboot). The rename is then left for the filesystem to commit in its own
   * time, which saves the directory's fsync; the file's own fsync still keeps a half-written version out.
   */
  replacing?: boolean;
}

/**
 * Write a file so that readers see the old content or the new, never a half: temp file in the same
 * directory, fsync, rename, then fsync the directory so the rename itself survives a crash (unless `replacing`).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644, options: AtomicWriteOptions = {}): void {
  const dir = dirname(path);
  const temp = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  writeNewFileSynced(temp, data, mode);
  renameSync(temp, path);
  if (!options.replacing) fsyncDirectory(dir);
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

/**
 * A new file in a staging directory that no reader lists yet: written and fsync'd in place, with no temp file.
 * The caller makes it visible by renaming the directory and fsyncing the parent; journaling filesystems commit
 * metadata changes in order, so once the directory's new name is durable, the file in it is too.
 */
export function writeStagedJson(path: string, value: unknown): void {
  writeNewFileSynced(path, jsonText(value), 0o644);
}

function writeNewFileSynced(path: string, data: string | Uint8Array, mode: number): void {
  const fd = openSync(path, 'wx', mode);
  try {
    writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function writeJsonAtomic(path: string, value: unknown, options: AtomicWriteOptions = {}): void {
  writeFileAtomic(path, jsonText(value), 0o644, options);
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
