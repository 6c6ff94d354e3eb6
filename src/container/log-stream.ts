import {readSync} from 'node:fs';
import type {LogScanner} from './log-reader.js';
import type {LogWriter} from './log-writer.js';

const READ_SIZE = 1024 * 1024;

/**
 * Moves bytes from log files through the scanner to the writer in large reads, with bounded memory: one read
 * buffer, one output buffer, and at most one unfinished line held back.
 */
export class LogPump {
  private readonly buffer = Buffer.allocUnsafe(READ_SIZE);

  constructor(private readonly scanner: LogScanner, private readonly writer: LogWriter) {}

  /** Reads `fd` from `offset` to its current end; returns the new offset. Waits while the output is blocked. */
  async drain(fd: number, offset: number): Promise<number> {
    let position = offset;
    for (;;) {
      const length = readSync(fd, this.buffer, 0, this.buffer.length, position);
      if (length === 0) break;
      position += length;
      // The scanner hands on views of this buffer; the writer copies them before the next read reuses it.
      this.scanner.push(this.buffer, length);
      if (this.writer.mustWait) {
        this.writer.flush();
        await this.writer.drained();
      }
    }
    this.writer.flush();
    if (this.writer.mustWait) await this.writer.drained();
    return position;
  }
}
