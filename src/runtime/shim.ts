import {closeSync, readSync, writeSync} from 'node:fs';
import type {CgroupJoin} from '../cgroups/join.js';
import {IslanderError, isErrno} from '../errors.js';
import {libexecPath} from '../paths.js';
import {reapChild, spawnWithSocket, type SocketChild} from '../process/spawn-socket.js';
import type {AttachConnection} from './attach-client.js';
import {describeStartFailure} from './errors.js';
import {FdConnection} from './fd-connection.js';
import {encodeStart, parseMessage, ProtocolError, type RuntimeMessage} from './protocol.js';

/** Everything isle-shim needs to start a container (runtime-c/PROTOCOL.md, "isle-shim"). */
export interface ShimRequest {
  id: string;
  bundle: string;
  stateDir: string;
  logFile: string;
  exitFile: string;
  /** The container's argv, for error sentences. */
  args: readonly string[];
  stdin: boolean;
  cgroup: CgroupJoin;
  restart: string;
  init: boolean;
  /** run --rm: the exit record needs no fsync (PROTOCOL.md, "Command line"). */
  autoRemove: boolean;
  /** Run by the shim at the container's end when the CLI that started it is gone (--exit-command): argv. */
  exitCommand?: readonly string[];
  /** The CLI leaves once the container started (run -d, start without -a). */
  detached: boolean;
  log: {maxSize: number; maxFile: number};
}

export interface ShimStarted {
  /** Host pid of the container's PID 1. */
  pid: number;
  /** The start socket, now an attach connection (frames): `attachConnection` or `detachFromShim`. */
  fd: number;
  /** Frame bytes read with the `started` line. */
  pending: Buffer;
}

/** The attach connection of a started shim, for the attach client. */
export function attachConnection(started: ShimStarted): AttachConnection {
  return new FdConnection(started.fd);
}

/** Leaves the container to its shim without attaching: the shim sees its first client go. */
export function detachFromShim(started: ShimStarted): void {
  closeSync(started.fd);
}

function shimArguments(request: ShimRequest): string[] {
  const args = [
    '--id', request.id, '--bundle', request.bundle, '--state-dir', request.stateDir,
    '--log-file', request.logFile, '--exit-file', request.exitFile, '--sync-fd', '3',
    '--restart', request.restart,
  ];
  if (request.stdin) args.push('--stdin');
  if (request.init) args.push('--init');
  if (request.autoRemove) args.push('--auto-remove');
  const [command, ...commandArgs] = request.exitCommand ?? [];
  if (command) args.push('--exit-command', command, ...commandArgs.flatMap((arg) => ['--exit-command-arg', arg]));
  if (request.detached) args.push('--detached');
  if (request.log.maxSize > 0) args.push('--log-max-size', String(request.log.maxSize), '--log-max-files', String(request.log.maxFile));
  for (const file of request.cgroup.joinFiles) args.push('--cgroup-join', file);
  if (request.cgroup.unifiedDir) args.push('--cgroup-dir', request.cgroup.unifiedDir);
  if (request.cgroup.oomFile) args.push('--oom-file', request.cgroup.oomFile, '--oom-key', request.cgroup.oomKey);
  return args;
}

/** The first run's clone, before its rootfs is built (the `spawned` message). */
export interface ShimSpawned {
  /** Host pid of the container's PID 1. */
  pid: number;
  shimPid: number;
  /** The shim's start time in clock ticks since boot, which tells it apart from a later process with its pid. */
  shimStartTime: number;
}

/** A shim spawned ahead of its container: it waits, touching nothing, until `start` (or gives up on `abandon`). */
export interface ShimLaunch {
  /**
   * Sends `start` once the bundle, the cgroup and the container's directories exist; returns once the command
   * exec'd. `onSpawned` runs in between, while the container's init builds its rootfs; an error may still follow.
   */
  start(onSpawned: (spawned: ShimSpawned) => void): ShimStarted;
  /** Closes the handshake before `start`: the shim exits and leaves nothing behind. */
  abandon(): void;
}

/**
 * Spawns the container's shim (posix_spawn, process/spawn-socket.ts) and drives the start handshake on its fd 3:
 * start → spawned → started, or error, or the socket's end. The shim reads nothing named on its command line before
 * `start`, so the caller spawns it first and writes the record, the bundle and the cgroup while the shim forks
 * away. The handshake blocks: there is nothing else to do meanwhile, and no event loop turn is lost.
 * The shim's first process exits as soon as it has forked away; it is reaped when the handshake ends.
 */
export function launchShim(request: ShimRequest): ShimLaunch {
  const binary = libexecPath('isle-shim');
  let child: SocketChild;
  try {
    child = spawnWithSocket(binary, shimArguments(request));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      throw new IslanderError('system', `the runtime binary ${binary} is missing`, {suggestion: "build it with 'make'"});
    }
    throw new IslanderError('system', `could not start isle-shim: ${error instanceof Error ? error.message : String(error)}`,
      {suggestion: "build the runtime with 'make'", cause: error});
  }
  return {
    start(onSpawned) {
      try {
        return handshake(child.fd, request, onSpawned);
      } catch (error) {
        closeSync(child.fd);
        throw error;
      } finally {
        reapChild(child.pid);
      }
    },
    abandon() {
      closeSync(child.fd);
      reapChild(child.pid);
    },
  };
}

function handshake(fd: number, request: ShimRequest, onSpawned: (spawned: ShimSpawned) => void): ShimStarted {
  try {
    writeSync(fd, encodeStart());
  } catch (error) {
    // The shim left before start (a bad command line): its error line may still be waiting to be read.
    if (!isErrno(error, 'EPIPE')) throw error;
  }
  const reader = new LineReader(fd);
  for (;;) {
    const line = reader.next();
    if (line === undefined) {
      throw new IslanderError('runtime', 'isle-shim ended before the container started', {suggestion: 'run again with --debug'});
    }
    let message: RuntimeMessage;
    try {
      message = parseMessage(line);
    } catch (error) {
      throw error instanceof ProtocolError ? new IslanderError('runtime', error.message) : error;
    }
    if (message.type === 'spawned') onSpawned({pid: message.pid, shimPid: message.shimPid, shimStartTime: message.shimStartTime});
    if (message.type === 'started') return {pid: message.pid ?? 0, fd, pending: reader.rest()};
    if (message.type === 'error') throw describeStartFailure(message, request.args);
  }
}

/** '\n'-terminated lines from a blocking fd; what follows the last line read stays for `rest`. */
class LineReader {
  private buffered = Buffer.alloc(0);

  constructor(private readonly fd: number) {}

  /** The next line, or undefined at the end of the stream. */
  next(): string | undefined {
    for (let newline = this.buffered.indexOf(10); newline === -1; newline = this.buffered.indexOf(10)) {
      const chunk = Buffer.alloc(4096);
      const count = readSync(this.fd, chunk);
      if (count === 0) return undefined;
      this.buffered = Buffer.concat([this.buffered, chunk.subarray(0, count)]);
    }
    const newline = this.buffered.indexOf(10);
    const line = this.buffered.subarray(0, newline).toString('utf8');
    this.buffered = this.buffered.subarray(newline + 1);
    return line;
  }

  rest(): Buffer {
    return this.buffered;
  }
}
