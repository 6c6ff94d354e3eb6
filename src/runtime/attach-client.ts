import type {Writable} from 'node:stream';
import {usageError} from '../errors.js';
import {encodeFrame, encodeResize, FrameDecoder, FrameKind, parseControl} from './frames.js';

/** How our terminal is wired to the container while attached. */
export interface AttachIo {
  /** Forward our stdin to the container (`-i`). */
  stdin: boolean;
  /** The container has a pty: our terminal goes raw and its size follows ours. */
  tty: boolean;
  /** The byte sequence that detaches (Docker's default: ctrl-p ctrl-q). Empty: no detaching. */
  detachKeys: readonly number[];
  /** Where signals we receive go (Docker's sig-proxy): the container's PID 1. */
  signalPid(): number;
  /**
   * Send our terminal's size at once. `attach` to a running container needs it; `run` and `start -a` gave it in
   * the bundle (process.consoleSize) — and must not write first: a container that exits at once closes the
   * socket, and a write failing with EPIPE would destroy it before its last output and exit were read.
   */
  sendInitialSize: boolean;
}

/** What the attach client asks of its connection to a shim: a net.Socket (`attach`) or an FdConnection (`run`). */
export interface AttachConnection {
  readonly closed: boolean;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
  once(event: 'close', listener: () => void): unknown;
  write(data: Buffer): unknown;
  end(): unknown;
  destroy(): unknown;
  pause(): unknown;
  resume(): unknown;
}

export type AttachOutcome =
  | {kind: 'exit'; exitCode: number; oomKilled: boolean}
  | {kind: 'detached'}
  | {kind: 'disconnected'}
  /** Our stdout or stderr was closed by its reader (`| head`): we stop, the container runs on by itself. */
  | {kind: 'output-closed'}
  /** Writing our stdout or stderr failed otherwise (a full disk, EIO): we stop; the container runs on unless it `exited`. */
  | {kind: 'output-failed'; code: string; exited: boolean};

const PROXIED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Pumps a container's output to our stdout/stderr and our stdin to it over an attach connection, until the
 * container exits (the shim sends its exit after the last output), the user detaches, or the connection drops.
 */
export function attachStreams(socket: AttachConnection, pending: Buffer, io: AttachIo): Promise<AttachOutcome> {
  return new Promise((resolve) => {
    const decoder = new FrameDecoder();
    const draining = new Set<NodeJS.WritableStream>();
    const writtenTo = new Set<NodeJS.WritableStream>();
    const detach = new DetachMatcher(io.detachKeys);
    let done = false;
    const rawMode = io.tty && io.stdin && process.stdin.isTTY === true;
    // Asked only with a tty: process.stdout is created on first use, streams and all, and /bin/true needs none.
    const followsSize = io.tty && process.stdout.isTTY === true;

    const finish = (outcome: AttachOutcome): void => {
      if (done) return;
      done = true;
      socket.off('data', onData);
      // A later error is main's to say (src/cli/main.ts keeps a listener on stdout and stderr).
      for (const target of writtenTo) target.off('error', onOutputError);
      for (const signal of PROXIED_SIGNALS) process.off(signal, onSignal);
      if (followsSize) process.stdout.off('resize', onResize);
      if (io.stdin) {
        process.stdin.off('data', onInput);
        process.stdin.off('end', onInputEnd);
        if (rawMode) process.stdin.setRawMode(false);
        process.stdin.pause();
      }
      resolve(outcome);
    };

    const onData = (chunk: Buffer): void => {
      for (const frame of decoder.push(chunk)) {
        if (frame.kind === FrameKind.stdout || frame.kind === FrameKind.stderr) {
          const target = frame.kind === FrameKind.stdout ? process.stdout : process.stderr;
          if (!writtenTo.has(target)) {
            writtenTo.add(target);
            target.on('error', onOutputError);
          }
          if (!target.write(frame.payload) && !draining.has(target)) {
            // One listener per stream however many frames this chunk held: the socket waits for both to drain.
            draining.add(target);
            socket.pause();
            target.once('drain', () => {
              draining.delete(target);
              if (draining.size === 0) socket.resume();
            });
          }
        } else if (frame.kind === FrameKind.control) {
          const control = parseControl(frame.payload);
          if (control?.type === 'exit') {
            // Our end closes too: the shim waits for that (its last output is read) before it exits.
            socket.end();
            // A write that failed at once (a file on a full disk) is marked errored now, its 'error' event to come.
            const failed = [...writtenTo].map((target) => (target as Writable).errored).find((error) => error != null);
            finish(failed ? outputFailure(failed, true) : {kind: 'exit', exitCode: control.exitCode ?? 128 + (control.signal ?? 0), oomKilled: control.oomKilled});
          }
        }
      }
    };
    const onOutputError = (error: NodeJS.ErrnoException): void => {
      // As a program killed by SIGPIPE would: no word (stderr may be the same closed pipe), and the shim keeps
      // the container, which a --rm removes at its end (PROTOCOL.md, --exit-command).
      socket.end();
      finish(outputFailure(error, false));
    };
    const onInput = (chunk: Buffer): void => {
      const {forward, detached} = detach.feed(chunk);
      if (forward.length > 0) socket.write(encodeFrame(FrameKind.stdin, forward));
      if (detached) {
        socket.end();
        finish({kind: 'detached'});
      }
    };
    const onInputEnd = (): void => {
      socket.write(encodeFrame(FrameKind.closeStdin));
    };
    const onResize = (): void => {
      socket.write(encodeResize(process.stdout.rows, process.stdout.columns));
    };
    const onSignal = (signal: NodeJS.Signals): void => {
      const pid = io.signalPid();
      if (pid > 0) {
        try {
          process.kill(pid, signal);
        } catch {
          // The container is gone; its exit is on the way.
        }
      }
    };

    for (const signal of PROXIED_SIGNALS) process.on(signal, onSignal);
    socket.on('data', onData);
    socket.once('close', () => finish({kind: 'disconnected'}));
    socket.on('error', () => {
      // close follows
    });
    if (followsSize) {
      if (io.sendInitialSize) onResize();
      process.stdout.on('resize', onResize);
    }
    if (io.stdin) {
      if (rawMode) process.stdin.setRawMode(true);
      process.stdin.on('data', onInput);
      process.stdin.on('end', onInputEnd);
      process.stdin.resume();
    }
    if (pending.length > 0) onData(pending);
  });
}

/** EPIPE: our reader is gone (`| head`), said as SIGPIPE would. Anything else (ENOSPC, EIO) is said in a line. */
function outputFailure(error: NodeJS.ErrnoException, exited: boolean): AttachOutcome {
  return error.code === 'EPIPE' ? {kind: 'output-closed'} : {kind: 'output-failed', code: error.code ?? error.message, exited};
}

/**
 * Finds the detach sequence in typed input. Bytes that could start the sequence are held back until it is
 * complete (then nothing is forwarded) or broken (then they are forwarded), as Docker does.
 */
export class DetachMatcher {
  private matched = 0;

  constructor(private readonly keys: readonly number[]) {}

  feed(chunk: Buffer): {forward: Buffer; detached: boolean} {
    if (this.keys.length === 0) return {forward: chunk, detached: false};
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.matched]) {
        this.matched += 1;
        if (this.matched === this.keys.length) return {forward: Buffer.from(out), detached: true};
        continue;
      }
      out.push(...this.keys.slice(0, this.matched));
      this.matched = byte === this.keys[0] ? 1 : 0;
      if (this.matched === 0) out.push(byte);
    }
    return {forward: Buffer.from(out), detached: false};
  }
}

/** Parses Docker's --detach-keys: "ctrl-p,ctrl-q", "ctrl-a,x", or "" for none. */
export function parseDetachKeys(spec: string): number[] {
  if (spec === '') return [];
  return spec.split(',').map((key) => {
    const ctrl = /^ctrl-([a-z@[\\\]^_])$/.exec(key);
    if (ctrl) return ctrl[1]!.toUpperCase().charCodeAt(0) & 0x1f;
    if (key.length === 1) return key.charCodeAt(0);
    throw usageError(`invalid detach key '${key}': use letters or ctrl-<letter>, comma-separated`);
  });
}

export const DEFAULT_DETACH_KEYS = 'ctrl-p,ctrl-q';

/** Our terminal's size, when stdout is one: what a container's pty should start with. */
export function terminalSize(): {height: number; width: number} | undefined {
  return process.stdout.isTTY ? {height: process.stdout.rows, width: process.stdout.columns} : undefined;
}
