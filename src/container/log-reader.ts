/**
 * Parses the shim's json-lines log (Docker's json-file format, see notes/shim-contract.md) from raw read buffers:
 * `{"log":"hello\n","stream":"stdout","time":"2026-11-23T12:00:00.123456789Z"}` per line.
 *
 * Speed matters (a 100 MB log must print faster than `podman logs` does), so the exact shape the shim writes is
 * recognised byte by byte and its text handed on as a view of the read buffer, without building a string. The
 * one escape nearly every line has, the trailing `\n`, is part of that fast path. Any other line (other escapes,
 * other key order, extra keys) goes through JSON.parse, so both paths agree on every valid line.
 */
export type LogStream = 'stdout' | 'stderr';

export interface LogSink {
  /**
   * One log entry: the bytes `data[start, end)` plus a newline when `newline` is set. `data` may be the reader's
   * buffer, valid only during the call. `time` is the line's timestamp text, given only when the scanner was
   * asked for times.
   */
  entry(stream: LogStream, data: Buffer, start: number, end: number, newline: boolean, time: string | undefined): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const LOG_PREFIX = Buffer.from('{"log":"');
const STREAM_KEY = Buffer.from('","stream":"std');
const TIME_KEY = Buffer.from('","time":"');
/** From the closing quote of "log" to the opening quote of the time: `","stream":"stdout","time":"`. */
const MIDDLE_LENGTH = STREAM_KEY.length + 3 + TIME_KEY.length;

export class LogScanner {
  /** The unfinished last line of the previous chunk, copied out of the reader's buffer. */
  private pending: Buffer | undefined;
  /** Lines that were not log entries (corrupt, or not JSON): skipped and counted. */
  invalidLines = 0;
  /** Where the next backslash of the current chunk is (Infinity: none left), so each chunk is searched once. */
  private nextBackslash = -1;

  constructor(private readonly sink: LogSink, private readonly wantTime: boolean) {}

  /** Parses every complete line of `chunk[0, length)`; an unfinished last line waits for the next push. */
  push(chunk: Buffer, length: number = chunk.length): void {
    let position = 0;
    if (this.pending) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1 || newline >= length) {
        this.pending = Buffer.concat([this.pending, chunk.subarray(0, length)]);
        return;
      }
      const line = Buffer.concat([this.pending, chunk.subarray(0, newline)]);
      this.pending = undefined;
      this.nextBackslash = -1;
      this.line(line, 0, line.length);
      position = newline + 1;
    }
    this.nextBackslash = -1;
    while (position < length) {
      const newline = chunk.indexOf(NEWLINE, position);
      if (newline === -1 || newline >= length) {
        this.pending = Buffer.from(chunk.subarray(position, length));
        return;
      }
      if (newline > position) this.line(chunk, position, newline);
      position = newline + 1;
    }
  }

  /** Bytes of an unfinished line held back (a writer mid-line, or a file that does not end in a newline). */
  get pendingBytes(): number {
    return this.pending?.length ?? 0;
  }

  /** Forgets an unfinished line: the file it came from was rotated away, so no rest will follow. */
  dropPending(): void {
    this.pending = undefined;
  }

  private line(data: Buffer, start: number, end: number): void {
    if (!this.fastLine(data, start, end)) this.slowLine(data.toString('utf8', start, end));
  }

  /** The shim's own shape; false when the line is anything else (then JSON.parse decides). */
  private fastLine(data: Buffer, start: number, end: number): boolean {
    if (end - start < LOG_PREFIX.length + MIDDLE_LENGTH + 3) return false;
    for (let i = 0; i < LOG_PREFIX.length; i++) if (data[start + i] !== LOG_PREFIX[i]) return false;
    if (data[end - 1] !== 0x7d || data[end - 2] !== QUOTE) return false;
    const timeQuote = data.lastIndexOf(QUOTE, end - 3);
    const textEnd = timeQuote + 1 - MIDDLE_LENGTH;
    const textStart = start + LOG_PREFIX.length;
    if (timeQuote < 0 || textEnd < textStart) return false;
    let at = textEnd;
    for (let i = 0; i < STREAM_KEY.length; i++) if (data[at++] !== STREAM_KEY[i]) return false;
    let stream: LogStream;
    if (data[at] === 0x6f && data[at + 1] === 0x75 && data[at + 2] === 0x74) stream = 'stdout';
    else if (data[at] === 0x65 && data[at + 1] === 0x72 && data[at + 2] === 0x72) stream = 'stderr';
    else return false;
    at += 3;
    for (let i = 0; i < TIME_KEY.length; i++) if (data[at++] !== TIME_KEY[i]) return false;

    if (this.nextBackslash !== Infinity && this.nextBackslash < textStart) {
      const found = data.indexOf(BACKSLASH, textStart);
      this.nextBackslash = found === -1 ? Infinity : found;
    }
    let newline = false;
    let contentEnd = textEnd;
    if (this.nextBackslash < textEnd) {
      // Only a final "\n" escape is handled here; anything else (\" \\ \t \u0000) is JSON.parse's job.
      if (this.nextBackslash !== textEnd - 2 || data[textEnd - 1] !== 0x6e) return false;
      newline = true;
      contentEnd = textEnd - 2;
    }
    if (!isTimeText(data, timeQuote + 1, end - 2)) return false;
    const time = this.wantTime ? data.toString('latin1', timeQuote + 1, end - 2) : undefined;
    this.sink.entry(stream, data, textStart, contentEnd, newline, time);
    return true;
  }

  private slowLine(text: string): void {
    const entry = parseLogLine(text);
    if (!entry) {
      this.invalidLines++;
      return;
    }
    const bytes = Buffer.from(entry.log, 'utf8');
    this.sink.entry(entry.stream, bytes, 0, bytes.length, false, this.wantTime ? entry.time : undefined);
  }
}

/** A timestamp has digits, '-', ':', '.', 'T', 'Z', '+' only; a quote or backslash here means another shape. */
function isTimeText(data: Buffer, start: number, end: number): boolean {
  if (end - start < 20) return false;
  for (let i = start; i < end; i++) {
    const byte = data[i]!;
    if (byte === QUOTE || byte === BACKSLASH) return false;
  }
  return true;
}

export interface LogLine {
  log: string;
  stream: LogStream;
  time: string;
}

/** One line by the book: JSON.parse and a check of the three fields. undefined when it is not a log entry. */
export function parseLogLine(text: string): LogLine | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const {log, stream, time} = value as Record<string, unknown>;
  if (typeof log !== 'string' || (stream !== 'stdout' && stream !== 'stderr') || typeof time !== 'string') return undefined;
  return {log, stream, time};
}
