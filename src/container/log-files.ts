import {closeSync, fstatSync, openSync, readdirSync, readSync} from 'node:fs';
import {join} from 'node:path';
import {isErrno} from '../errors.js';

/**
 * A container's log files: `container.log` and the rotated `container.log.1`, `.2`, … (higher is older). The
 * shim renames `.n-1` → `.n` … `container.log` → `.1` and reopens, so a name may point at another file a moment
 * later; readers therefore work on open descriptors and tell files apart by inode.
 */
export const LOG_FILE = 'container.log';

/** The names of the existing log files, oldest first (`container.log.3`, `.2`, `.1`, `container.log`). */
export function logFileNames(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const rotated = entries
    .map((name) => /^container\.log\.(\d+)$/.exec(name))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => ({name: match[0], index: Number(match[1])}))
    .sort((a, b) => b.index - a.index)
    .map((entry) => entry.name);
  return entries.includes(LOG_FILE) ? [...rotated, LOG_FILE] : rotated;
}

export interface OpenLogFile {
  name: string;
  fd: number;
  ino: number;
}

/** Opens every log file, oldest first; a file rotated away between listing and opening is simply skipped. */
export function openLogFiles(dir: string): OpenLogFile[] {
  const files: OpenLogFile[] = [];
  for (const name of logFileNames(dir)) {
    const file = openLogFile(dir, name);
    if (file) files.push(file);
  }
  // Names shift during a rotation; inodes do not. Drop a file opened twice under two names.
  return files.filter((file, index) => files.findIndex((other) => other.ino === file.ino) === index);
}

export function openLogFile(dir: string, name: string): OpenLogFile | undefined {
  try {
    const fd = openSync(join(dir, name), 'r');
    return {name, fd, ino: fstatSync(fd).ino};
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

export function closeLogFiles(files: readonly OpenLogFile[]): void {
  for (const file of files) closeSync(file.fd);
}

/** Where reading starts: a file (index into the opened files) and a byte offset in it. */
export interface LogPosition {
  file: number;
  offset: number;
}

const TAIL_BLOCK = 64 * 1024;

/**
 * The start of the `lines`-th last complete line across the files (oldest first). Only complete lines count:
 * bytes after the newest file's last newline are a line still being written. Reads backwards in blocks, so a
 * `--tail 10` of a 1 GB log reads a few kilobytes.
 */
export function tailPosition(files: readonly OpenLogFile[], lines: number): LogPosition {
  if (files.length === 0) return {file: 0, offset: 0};
  const block = Buffer.allocUnsafe(TAIL_BLOCK);
  // Newlines seen so far; the one that ends the newest complete line is the first, so we need lines + 1.
  let seen = 0;
  for (let index = files.length - 1; index >= 0; index--) {
    const size = fstatSync(files[index]!.fd).size;
    let blockEnd = size;
    while (blockEnd > 0) {
      const blockStart = Math.max(0, blockEnd - TAIL_BLOCK);
      const length = readSync(files[index]!.fd, block, 0, blockEnd - blockStart, blockStart);
      for (let at = block.lastIndexOf(0x0a, length - 1); at !== -1; at = at > 0 ? block.lastIndexOf(0x0a, at - 1) : -1) {
        seen++;
        if (seen === lines + 1) return {file: index, offset: blockStart + at + 1};
      }
      blockEnd = blockStart;
    }
    // A file's start is a line start; a newest file with no newline at all holds no complete line.
    if (seen === lines && seen > 0) return {file: index, offset: 0};
  }
  return {file: 0, offset: 0};
}
