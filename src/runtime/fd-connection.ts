import {EventEmitter} from 'node:events';
import {closeSync, read, write} from 'node:fs';
import {shutdownSocket} from '../process/spawn-socket.js';
import type {AttachConnection} from './attach-client.js';

/**
 * A connected socket's descriptor (the shim's start socket, once the container started) as an attach
 * connection, read and written through the thread pool with node:fs. It spares `run` node:net, its stream
 * machinery and a Socket (about 2 ms of a ~20 ms start), for the few things the attach client asks of a
 * connection: 'data' while flowing, pause/resume, queued writes, 'close' at the end of the stream.
 *
 * The descriptor must be blocking (the addon's socketpair is): each read waits in a pool thread. Closing the
 * connection shuts the socket down first, so a read in flight returns at once; the descriptor itself is closed
 * once no read or write uses it.
 */
export class FdConnection extends EventEmitter implements AttachConnection {
  closed = false;
  private reading = false;
  private paused = false;
  /** A chunk whose read was under way when we paused: delivered on resume. */
  private held: Buffer | undefined;
  private readonly queue: Buffer[] = [];
  private writing = false;
  private fdClosed = false;

  constructor(private readonly fd: number) {
    super();
    // Flowing from the first 'data' listener, as a net.Socket is; never before, or data would be lost.
    this.on('newListener', (event: string) => {
      if (event === 'data') process.nextTick(() => this.pump());
    });
  }

  pause(): this {
    this.paused = true;
    return this;
  }

  resume(): this {
    this.paused = false;
    const held = this.held;
    this.held = undefined;
    if (held) this.emit('data', held);
    this.pump();
    return this;
  }

  write(data: Buffer): boolean {
    if (this.closed) return false;
    this.queue.push(data);
    this.flush();
    return true;
  }

  /** Our part is over (the exit frame is read, or we detach): as destroy, for a half-close is not needed here. */
  end(): this {
    this.destroy();
    return this;
  }

  destroy(): this {
    if (this.closed) return this;
    this.closed = true;
    // A read waiting for the shim returns now (and then releases the descriptor): otherwise it would keep the
    // process from exiting, which joins the thread pool, until the container printed something.
    if (this.reading) shutdownSocket(this.fd);
    this.release();
    process.nextTick(() => this.emit('close'));
    return this;
  }

  private pump(): void {
    if (this.reading || this.paused || this.closed || this.listenerCount('data') === 0) return;
    this.reading = true;
    const buffer = Buffer.allocUnsafe(64 * 1024);
    read(this.fd, buffer, 0, buffer.length, null, (error, bytes) => {
      this.reading = false;
      if (this.closed) return this.release();
      if (error) this.emit('error', error);
      if (error || bytes === 0) return void this.destroy();
      if (this.paused) {
        this.held = buffer.subarray(0, bytes);
        return;
      }
      this.emit('data', buffer.subarray(0, bytes));
      this.pump();
    });
  }

  private flush(): void {
    const next = this.queue[0];
    if (this.writing || !next) return this.release();
    this.writing = true;
    write(this.fd, next, (error, written) => {
      this.writing = false;
      if (error) {
        // The shim is gone (EPIPE): the reader sees the end of the stream as well.
        this.queue.length = 0;
        return void this.destroy();
      }
      if (written < next.length) this.queue[0] = next.subarray(written);
      else this.queue.shift();
      this.flush();
    });
  }

  /** Closes the descriptor once it is closed for us and no read or write is using it. */
  private release(): void {
    if (!this.closed || this.fdClosed || this.reading || this.writing || this.queue.length > 0) return;
    this.fdClosed = true;
    closeSync(this.fd);
  }
}
