import type {Socket} from 'node:net';
import {IslanderError, isErrno} from '../errors.js';
import {libexecPath} from '../paths.js';
import {startProcess} from '../process/spawn.js';
import {describeStartFailure} from './errors.js';
import {encodeStart, LineSplitter, parseMessage, ProtocolError, type RuntimeMessage} from './protocol.js';

export interface LaunchRequest {
  bundle: string;
  /** The container's argv, for error sentences. */
  args: readonly string[];
  terminal: boolean;
  interactive: boolean;
  /** Runs between `ready` and `start`: the process exists but has not exec'd. Cgroup placement goes here. */
  beforeStart(pid: number): void;
  /** The container's process has exec'd. */
  onStarted(pid: number, monitorPid: number): void;
}

export interface LaunchResult {
  pid: number;
  /** The container's exit code; 128 + n when signal n killed it. */
  exitCode: number;
}

const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * Runs isle-init on a bundle in the foreground and drives the sync protocol: ready → (cgroup placement) →
 * start → started → exit. Everything is decided in one place, when the monitor's process has closed, so there
 * is one exit from the reader.
 */
export function launchForeground(request: LaunchRequest): Promise<LaunchResult> {
  // Without a terminal the monitor gets its own session, so a ^C reaches it once, forwarded by us; with one, the
  // terminal is raw and ^C travels as a byte to the container's own pty.
  const child = startProcess(libexecPath('isle-init'), ['--bundle', request.bundle, '--sync-fd', '3'], {
    stdio: [request.interactive || request.terminal ? 'inherit' : 'ignore', 'inherit', 'inherit', 'pipe'],
    detached: !request.terminal,
  });
  const sync = child.stdio[3] as Socket;
  const splitter = new LineSplitter();
  let pid = 0;
  let started = false;
  let runtimeError: Extract<RuntimeMessage, {type: 'error'}> | undefined;
  let exitMessage: Extract<RuntimeMessage, {type: 'exit'}> | undefined;
  let controlError: unknown;

  const forward = (signal: NodeJS.Signals): void => {
    if (request.terminal && signal === 'SIGINT') return;
    child.kill(signal);
  };
  for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);

  const handle = (message: RuntimeMessage): void => {
    switch (message.type) {
      case 'ready':
        pid = message.pid;
        request.beforeStart(pid);
        sync.write(encodeStart());
        break;
      case 'started':
        started = true;
        request.onStarted(pid, child.pid ?? 0);
        break;
      case 'error':
        runtimeError = message;
        break;
      case 'exit':
        exitMessage = message;
        break;
    }
  };

  sync.setEncoding('utf8');
  sync.on('data', (chunk: string) => {
    if (controlError) return;
    try {
      for (const line of splitter.push(chunk)) handle(parseMessage(line));
    } catch (error) {
      // Our side failed (cgroup placement, a protocol violation): the container must not run unobserved.
      controlError = error;
      child.kill('SIGKILL');
    }
  });
  sync.on('error', () => {
    // The monitor died; its exit status (below) tells the story.
  });

  return new Promise<LaunchResult>((resolve, reject) => {
    const finish = (outcome: () => LaunchResult): void => {
      for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    };
    child.once('error', (error) => {
      finish(() => {
        if (isErrno(error, 'ENOENT')) {
          throw new IslanderError('system', `the runtime binary ${libexecPath('isle-init')} is missing`, {suggestion: "build it with 'make'"});
        }
        throw new IslanderError('system', `could not start isle-init: ${error.message}`, {cause: error});
      });
    });
    child.once('close', (code, signal) => {
      finish(() => {
        if (controlError) {
          if (controlError instanceof ProtocolError) throw new IslanderError('runtime', controlError.message, {cause: controlError});
          throw controlError;
        }
        if (runtimeError) throw describeStartFailure(runtimeError, request.args);
        if (exitMessage) return {pid, exitCode: exitMessage.exitCode ?? 128 + (exitMessage.signal ?? 0)};
        const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
        if (!started) throw new IslanderError('runtime', `isle-init ${how} before the container started`, {suggestion: 'run again with --debug'});
        throw new IslanderError('runtime', `the container's monitor ${how} without reporting the container's exit`);
      });
    });
  });
}
