import {fstatSync} from 'node:fs';
import {containerLogs, logsOptions} from '../../container/logs.js';
import {isErrno} from '../../errors.js';
import type {Handler} from '../dispatch.js';
import {optionalString} from './flags.js';

/** Streams the log to our own stdout and stderr until it ends, is interrupted, or they cannot be written. */
const logs: Handler = async ({args, flags}, {paths}) => {
  const options = logsOptions({
    follow: flags.follow === true,
    tail: optionalString(flags.tail),
    since: optionalString(flags.since),
    until: optionalString(flags.until),
    timestamps: flags.timestamps === true,
  });
  const stop = new AbortController();
  const onInterrupt = (): void => stop.abort();
  process.once('SIGINT', onInterrupt);
  process.once('SIGTERM', onInterrupt);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error) => {
      stop.abort();
      // A reader gone away (`| head`) ends logs quietly; any other failure main says once this returns.
      if (isErrno(error, 'EPIPE')) process.exit(0);
    });
  }
  try {
    // When both are one file (2>&1, a terminal), everything goes through stdout, in the log's order.
    const stderr = sameFile(1, 2) ? process.stdout : process.stderr;
    const result = await containerLogs(paths, args.container!, options, {stdout: process.stdout, stderr}, stop.signal);
    if (result.invalidLines > 0) {
      process.stderr.write(`islander: skipped ${result.invalidLines} log line(s) that were not valid log entries\n`);
    }
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
};

function sameFile(a: number, b: number): boolean {
  try {
    const [first, second] = [fstatSync(a), fstatSync(b)];
    return first.dev === second.dev && first.ino === second.ino;
  } catch {
    return false;
  }
}

export {logs as handler};
