import type {Writable} from 'node:stream';
import {usageError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {readShimState} from '../runtime/shim-files.js';
import {followLogs} from './log-follow.js';
import {closeLogFiles, openLogFiles, tailPosition} from './log-files.js';
import {LogScanner, type LogSink} from './log-reader.js';
import {LogPump} from './log-stream.js';
import {parseTimeFilter, type LogTime} from './log-time.js';
import {LogWriter, TimeFilter} from './log-writer.js';
import {isSameProcessAlive} from './liveness.js';
import {containerDirs, loadContainer, resolveContainer} from './store.js';

export interface LogsOptions {
  follow: boolean;
  /** How many of the last lines to show, or every line. */
  tail: number | 'all';
  since?: LogTime;
  until?: LogTime;
  timestamps: boolean;
}

export interface LogsFlags {
  follow?: boolean;
  tail?: string;
  since?: string;
  until?: string;
  timestamps?: boolean;
}

/** Validates the user's flags once, before anything is read. */
export function logsOptions(flags: LogsFlags, now: number = Date.now()): LogsOptions {
  return {
    follow: flags.follow === true,
    tail: parseTail(flags.tail),
    since: flags.since === undefined ? undefined : parseTimeFilter(flags.since, '--since', now),
    until: flags.until === undefined ? undefined : parseTimeFilter(flags.until, '--until', now),
    timestamps: flags.timestamps === true,
  };
}

export function parseTail(value: string | undefined): number | 'all' {
  if (value === undefined || value === 'all') return 'all';
  if (!/^\d+$/.test(value)) throw usageError(`invalid --tail value '${value}'`, "give a number of lines or 'all'");
  return Number(value);
}

export interface LogsResult {
  /** Lines that were not log entries and were skipped. */
  invalidLines: number;
}

/**
 * `islander logs`: the container's json-lines log, stdout entries to `output.stdout` and stderr entries to
 * `output.stderr`, from the --tail position, filtered by --since/--until, and with -f followed until the
 * container has ended (or `signal` aborts).
 */
export async function containerLogs(paths: StorePaths, ref: string, options: LogsOptions,
  output: Record<'stdout' | 'stderr', Writable>, signal?: AbortSignal): Promise<LogsResult> {
  const record = resolveContainer(paths, ref);
  const dir = containerDirs(paths, record.id).dir;
  const writer = new LogWriter(output, options.timestamps);
  const sink: LogSink = options.since || options.until ? new TimeFilter(writer, options.since, options.until) : writer;
  const scanner = new LogScanner(sink, options.timestamps || options.since !== undefined || options.until !== undefined);
  const pump = new LogPump(scanner, writer);

  const files = openLogFiles(dir);
  const start = options.tail === 'all' ? {file: 0, offset: 0} : tailPosition(files, options.tail);
  try {
    let offset = start.offset;
    for (let index = start.file; index < files.length - 1; index++) {
      await pump.drain(files[index]!.fd, offset);
      scanner.dropPending();
      offset = 0;
    }
    const newest = files.length > 0 ? files[files.length - 1] : undefined;
    if (!options.follow) {
      if (newest) await pump.drain(newest.fd, offset);
      return {invalidLines: scanner.invalidLines};
    }
    files.length = Math.max(0, files.length - 1);
    await followLogs(dir, newest, offset, pump, () => scanner.dropPending(), {
      hasEnded: () => containerEnded(paths, record.id),
      signal,
      untilMs: options.until ? options.until.seconds * 1000 : undefined,
    });
    return {invalidLines: scanner.invalidLines};
  } finally {
    // With -f the newest file was handed to the follower (and left this list), which closes it.
    closeLogFiles(files);
  }
}

/**
 * Whether anything may still write the container's log: only its shim does, so the log is complete once the shim
 * is gone (after an exit it writes exit.json first; a container never started has no shim at all).
 */
export function containerEnded(paths: StorePaths, id: string): boolean {
  // A new shim writes shim.json just after `started`; until then the record names it (run writes it on `spawned`).
  const shim = readShimState(containerDirs(paths, id).shimState) ?? loadContainer(paths, id)?.state;
  return !shim || !isSameProcessAlive(shim.shimPid, shim.shimStartTime);
}
