import type {Writable} from 'node:stream';
import type {LogSink, LogStream} from './log-reader.js';
import {compareLogTime, LogTimeParser, type LogTime} from './log-time.js';

const OUTPUT_BUFFER = 256 * 1024;
const SHORT_COPY = 256;

/**
 * Prints log entries: stdout entries to one stream, stderr entries to the other, with no string built per line.
 * Entries are gathered in a large buffer; the buffer is written when it fills and whenever the target changes, so
 * the order between the two streams is kept. When both are one file (2>&1, a terminal) the caller passes one
 * target twice, and the streams share the buffer.
 */
export class LogWriter implements LogSink {
  private buffer = Buffer.allocUnsafe(OUTPUT_BUFFER);
  private used = 0;
  private current: LogStream = 'stdout';
  private readonly blocked = new Set<Writable>();

  constructor(private readonly targets: Record<LogStream, Writable>, private readonly timestamps: boolean) {}

  entry(stream: LogStream, data: Buffer, start: number, end: number, newline: boolean, time: string | undefined): void {
    if (stream !== this.current) {
      if (this.targets[stream] !== this.targets[this.current]) this.flush();
      this.current = stream;
    }
    const prefix = this.timestamps && time !== undefined ? time.length + 1 : 0;
    const size = prefix + (end - start) + (newline ? 1 : 0);
    if (this.used + size > this.buffer.length) {
      this.flush();
      if (size > this.buffer.length) this.buffer = Buffer.allocUnsafe(size);
    }
    if (prefix > 0) {
      this.used += this.buffer.write(time!, this.used, 'latin1');
      this.buffer[this.used++] = 0x20;
    }
    // Buffer#copy costs more per call than a short loop costs in all; most log lines are short.
    if (end - start < SHORT_COPY) {
      const buffer = this.buffer;
      let at = this.used;
      for (let i = start; i < end; i++) buffer[at++] = data[i]!;
      this.used = at;
    } else {
      this.used += data.copy(this.buffer, this.used, start, end);
    }
    if (newline) this.buffer[this.used++] = 0x0a;
  }

  /**
   * Hands the gathered bytes to their stream. Files, pipes and terminals take them at once on Linux, and the
   * buffer is reused; a stream that keeps them queued keeps the buffer, and a fresh one replaces it.
   */
  flush(): void {
    if (this.used === 0) return;
    const target = this.targets[this.current];
    if (!target.write(this.buffer.subarray(0, this.used))) this.blocked.add(target);
    if (target.writableLength > 0 || this.buffer.length !== OUTPUT_BUFFER) this.buffer = Buffer.allocUnsafe(OUTPUT_BUFFER);
    this.used = 0;
  }

  /** Resolves once every stream that asked us to wait has drained: the reader's back-pressure. */
  async drained(): Promise<void> {
    const waits = [...this.blocked].map((target) => new Promise<void>((resolve) => {
      const done = (): void => {
        target.off('drain', done);
        target.off('close', done);
        target.off('error', done);
        resolve();
      };
      target.on('drain', done);
      target.on('close', done);
      target.on('error', done);
    }));
    this.blocked.clear();
    await Promise.all(waits);
  }

  get mustWait(): boolean {
    return this.blocked.size > 0;
  }
}

/** Passes on only entries within [since, until] (both ends included, as Docker does). */
export class TimeFilter implements LogSink {
  private readonly parser = new LogTimeParser();

  constructor(private readonly next: LogSink, private readonly since: LogTime | undefined, private readonly until: LogTime | undefined) {}

  entry(stream: LogStream, data: Buffer, start: number, end: number, newline: boolean, time: string | undefined): void {
    const at = time === undefined ? undefined : this.parser.parse(time);
    // A line whose time cannot be read is shown rather than silently lost.
    if (at) {
      if (this.since && compareLogTime(at, this.since) < 0) return;
      if (this.until && compareLogTime(at, this.until) > 0) return;
    }
    this.next.entry(stream, data, start, end, newline, time);
  }
}
