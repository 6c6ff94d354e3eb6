import type {Socket} from 'node:net';
import type {CgroupJoin} from '../cgroups/join.js';
import {IslanderError, isErrno} from '../errors.js';
import {libexecPath} from '../paths.js';
import {startProcess} from '../process/spawn.js';
import {describeStartFailure} from './errors.js';
import {encodeStart, parseMessage, ProtocolError} from './protocol.js';

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
  log: {maxSize: number; maxFile: number};
}

export interface ShimStarted {
  /** Host pid of the container's PID 1. */
  pid: number;
  /** The start socket, now an attach connection (frames); `pending` holds frame bytes already read. */
  connection: Socket;
  pending: Buffer;
}

export function shimArguments(request: ShimRequest): string[] {
  const args = [
    '--id', request.id, '--bundle', request.bundle, '--state-dir', request.stateDir,
    '--log-file', request.logFile, '--exit-file', request.exitFile, '--sync-fd', '3',
    '--restart', request.restart,
  ];
  if (request.stdin) args.push('--stdin');
  if (request.init) args.push('--init');
  if (request.log.maxSize > 0) args.push('--log-max-size', String(request.log.maxSize), '--log-max-files', String(request.log.maxFile));
  for (const file of request.cgroup.joinFiles) args.push('--cgroup-join', file);
  if (request.cgroup.unifiedDir) args.push('--cgroup-dir', request.cgroup.unifiedDir);
  if (request.cgroup.oomFile) args.push('--oom-file', request.cgroup.oomFile, '--oom-key', request.cgroup.oomKey);
  return args;
}

/**
 * Starts the container's shim and drives the start handshake: ready → start → started. `start` goes out at
 * once, without waiting for `ready`: the shim holds it until the rootfs is built, which saves a round trip
 * through both event loops. The shim leaves our process tree at once (it double-forks); the socket is what ties
 * us to it. One place decides the outcome: the socket's first `started` or `error`, or its end.
 */
export function startShim(request: ShimRequest): Promise<ShimStarted> {
  const child = startProcess(libexecPath('isle-shim'), shimArguments(request), {stdio: ['ignore', 'ignore', 'pipe', 'pipe']});
  const socket = child.stdio[3] as Socket;
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  return new Promise<ShimStarted>((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    let settled = false;
    let readyPid = 0;
    const settle = (outcome: () => ShimStarted): void => {
      if (settled) return;
      settled = true;
      socket.off('data', onData);
      try {
        resolve(outcome());
      } catch (error) {
        socket.destroy();
        reject(error);
      }
    };
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      for (let newline = buffered.indexOf(10); newline !== -1 && !settled; newline = buffered.indexOf(10)) {
        const line = buffered.subarray(0, newline).toString('utf8');
        buffered = buffered.subarray(newline + 1);
        try {
          const message = parseMessage(line);
          if (message.type === 'ready') {
            readyPid = message.pid;
          } else if (message.type === 'started') {
            const pid = message.pid ?? readyPid;
            settle(() => ({pid, connection: socket, pending: buffered}));
          } else if (message.type === 'error') {
            settle(() => {
              throw describeStartFailure(message, request.args);
            });
          }
        } catch (error) {
          settle(() => {
            throw error instanceof ProtocolError ? new IslanderError('runtime', error.message) : error;
          });
        }
      }
    };
    socket.on('data', onData);
    socket.write(encodeStart());
    socket.once('close', () => settle(() => {
      const detail = stderr.trim().split('\n').pop();
      throw new IslanderError('runtime', `isle-shim ended before the container started${detail ? `: ${detail}` : ''}`, {suggestion: 'run again with --debug'});
    }));
    socket.on('error', () => {
      // The close event follows and decides.
    });
    child.once('error', (error) => settle(() => {
      if (isErrno(error, 'ENOENT')) {
        throw new IslanderError('system', `the runtime binary ${libexecPath('isle-shim')} is missing`, {suggestion: "build it with 'make'"});
      }
      throw new IslanderError('system', `could not start isle-shim: ${error.message}`, {cause: error});
    }));
  });
}
