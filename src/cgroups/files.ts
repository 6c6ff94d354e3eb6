import {existsSync, readFileSync, rmdirSync, writeFileSync} from 'node:fs';
import {sleep} from '../util/sleep.js';
import {join} from 'node:path';
import {IslanderError, isErrno} from '../errors.js';

/**
 * Reading and writing cgroup files. A failed write names the controller, the file, the value and the kernel's
 * reason, because "Invalid argument" alone tells nobody which of twenty limits was wrong.
 */

// Node's messages ("EBUSY: resource busy or locked, write") are libuv's; users know the C library's wording.
const STRERROR: Record<string, string> = {
  EACCES: 'Permission denied',
  EBUSY: 'Device or resource busy',
  EINVAL: 'Invalid argument',
  ENODEV: 'No such device',
  ENOENT: 'No such file or directory',
  ENOSPC: 'No space left on device',
  EOPNOTSUPP: 'Operation not supported',
  EPERM: 'Operation not permitted',
  EROFS: 'Read-only file system',
  ESRCH: 'No such process',
};

export function describeErrno(error: unknown): string {
  if (isErrno(error)) return STRERROR[error.code ?? ''] ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

const SUGGESTIONS: Record<string, string> = {
  EACCES: 'run islander as root',
  EPERM: 'run islander as root',
};

/** Writes one value; `label` is "cgroup v1 memory" or "cgroup v2" and starts the error message. */
export function writeCgroupFile(label: string, dir: string, file: string, value: string): void {
  try {
    writeFileSync(join(dir, file), value);
  } catch (error) {
    // cgroupfs refuses to create files, so a missing one shows up as EACCES, which would wrongly suggest root.
    if (!existsSync(join(dir, file))) {
      throw new IslanderError('system', `${label}: cannot write ${value} to ${file}: this host's kernel has no such ` +
        `file (its ${file.split('.')[0]} controller is missing or not enabled)`, {
        suggestion: 'drop the flag that sets this limit, or enable the controller on the host',
        cause: error,
      });
    }
    const code = isErrno(error) ? error.code ?? '' : '';
    throw new IslanderError('system', `${label}: writing ${value} to ${file} failed: ${describeErrno(error)}`, {
      suggestion: SUGGESTIONS[code],
      cause: error,
    });
  }
}

export function readCgroupFile(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8');
}

/** The text of a file, or undefined when the group or the file does not exist (a controller the host lacks). */
export function readOptional(dir: string, file: string): string | undefined {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENODEV')) return undefined;
    throw error;
  }
}

/** A number from a one-value file ("12345\n", or "max" → undefined). */
export function readNumber(dir: string, file: string): number | undefined {
  const text = readOptional(dir, file)?.trim();
  if (text === undefined || text === 'max' || text === '') return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

/** A value from a "key value" per line file (memory.events, memory.oom_control, cpu.stat). */
export function readKeyed(dir: string, file: string, key: string): number | undefined {
  const text = readOptional(dir, file);
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    const [name, value] = line.trim().split(/\s+/);
    if (name === key && value !== undefined) return Number(value);
  }
  return undefined;
}

export function fileExists(dir: string, file: string): boolean {
  return existsSync(join(dir, file));
}

const REMOVE_ATTEMPTS = 50;
const REMOVE_DELAY_MS = 20;

/**
 * rmdir with patience: right after the last process exits the kernel may still count it (EBUSY) for a few
 * milliseconds. A directory that is already gone counts as removed.
 */
export async function removeGroupDir(label: string, dir: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      rmdirSync(dir);
      return;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      if (!isErrno(error, 'EBUSY') || attempt >= REMOVE_ATTEMPTS) {
        throw new IslanderError('system', `${label}: removing ${dir} failed: ${describeErrno(error)}`, {
          suggestion: isErrno(error, 'EBUSY') ? `processes are still in it; see ${join(dir, 'cgroup.procs')}` : undefined,
          cause: error,
        });
      }
      await sleep(REMOVE_DELAY_MS);
    }
  }
}
