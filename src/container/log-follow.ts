import {closeSync, statSync, watch, type FSWatcher} from 'node:fs';
import {join} from 'node:path';
import {isErrno} from '../errors.js';
import {LOG_FILE, logFileNames, openLogFile, type OpenLogFile} from './log-files.js';
import type {LogPump} from './log-stream.js';

/** How often the follower looks without being woken: file events can be missed, and an exit makes none. */
const POLL_MS = 100;

export interface FollowControl {
  /** True once nothing will write to the log again (the container exited and its shim is gone). */
  hasEnded(): boolean;
  /** Stops following early (^C). */
  signal?: AbortSignal;
  /** `--until` in the past ends the follow (ms since the epoch); later lines would be filtered out anyway. */
  untilMs?: number;
}

/**
 * `logs -f`: keeps reading the file being written, and when the shim rotates it (`container.log` → `.1`, a new
 * `container.log`), finishes the old file through its open descriptor before moving to the next newer file, so
 * no line is lost or printed twice. Ends when the container has ended and the last bytes are read, or on abort.
 */
export async function followLogs(dir: string, start: OpenLogFile | undefined, offset: number, pump: LogPump,
  onRotate: () => void, control: FollowControl): Promise<void> {
  const waker = new Waker(dir);
  let current = start;
  let position = offset;
  try {
    for (;;) {
      const ended = control.hasEnded() || (control.untilMs !== undefined && Date.now() > control.untilMs);
      if (current) position = await pump.drain(current.fd, position);
      const next = nextFile(dir, current);
      if (next) {
        if (current) {
          // The shim wrote its last bytes to the old file before renaming it: read them before moving on.
          await pump.drain(current.fd, position);
          closeSync(current.fd);
        }
        onRotate();
        current = next;
        position = 0;
        continue;
      }
      if (ended || control.signal?.aborted) return;
      await waker.wait(POLL_MS, control.signal);
    }
  } finally {
    waker.close();
    if (current) closeSync(current.fd);
  }
}

/**
 * The file to read after `current`, or undefined while `current` is still the live `container.log`. After a
 * rotation that is the next newer file; if `current` was rotated out of existence altogether, every remaining
 * file is newer, so the oldest of them.
 */
function nextFile(dir: string, current: OpenLogFile | undefined): OpenLogFile | undefined {
  for (let attempt = 0; attempt < 10; attempt++) {
    const live = inodeOf(dir, LOG_FILE);
    if (live === undefined && current) return undefined; // mid-rotation: renamed, not yet reopened
    if (current && live === current.ino) return undefined;
    const names = logFileNames(dir);
    const inodes = names.map((name) => inodeOf(dir, name));
    const index = current ? inodes.indexOf(current.ino) : -1;
    const name = names[index + 1];
    if (name === undefined) return undefined;
    const opened = openLogFile(dir, name);
    if (opened && opened.ino === inodes[index + 1]) return opened;
    // Rotated again between listing and opening; look again.
    if (opened) closeSync(opened.fd);
  }
  return undefined;
}

function inodeOf(dir: string, name: string): number | undefined {
  try {
    return statSync(join(dir, name)).ino;
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Wakes the follower on any change in the container's directory, or after a timeout. */
class Waker {
  private watcher: FSWatcher | undefined;
  private wake: (() => void) | undefined;
  private changed = false;

  constructor(dir: string) {
    try {
      this.watcher = watch(dir, () => this.notify());
      this.watcher.on('error', () => this.close());
    } catch {
      // No inotify (limits reached, or the directory is not there yet): polling alone still works.
    }
  }

  private notify(): void {
    this.changed = true;
    this.wake?.();
  }

  wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.changed || signal?.aborted) {
      this.changed = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.wake = undefined;
        this.changed = false;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done);
      this.wake = done;
    });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }
}
