import {spawn, type ChildProcess, type StdioOptions} from 'node:child_process';
import {constants} from 'node:os';
import {IslanderError, type ErrorCode} from '../errors.js';
import {importEsm} from '../util/import-esm.js';

/**
 * The one place Islander starts other programs.
 *
 * - `runTool` is for helpers whose output we capture (ip, mkfs, tar in tests...): it uses execa, imported
 *   lazily because execa costs ~30 ms to load and the `run` hot path never needs it.
 * - `startProcess` is for long-lived children whose stdio we wire ourselves (isle-init, isle-unpack): plain
 *   node:child_process, so the container's stdio is passed straight through with no copying in Node.
 * - `spawnWithSocket` (spawn-socket.ts) is for isle-shim alone, on `run`'s hot path: posix_spawn through
 *   runtime-c's addon, with the handshake socket as the child's fd 3.
 */
export interface ToolResult {
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface ToolOptions {
  input?: string | Uint8Array;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Resolve with the result instead of throwing when the tool exits non-zero. */
  reject?: boolean;
  /** Error code to use when the tool fails. */
  errorCode?: ErrorCode;
  timeoutMs?: number;
}

export async function runTool(file: string, args: readonly string[], options: ToolOptions = {}): Promise<ToolResult> {
  const {execa} = await importEsm<typeof import('execa')>('execa');
  const result = await execa(file, args, {
    input: options.input,
    cwd: options.cwd,
    env: options.env,
    reject: false,
    timeout: options.timeoutMs,
    stripFinalNewline: true,
  });
  const toolResult: ToolResult = {
    command: result.command,
    exitCode: result.exitCode ?? (result.signal ? 128 : 1),
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
  };
  if (options.reject !== false && (result.failed || toolResult.exitCode !== 0)) {
    const detail = toolResult.stderr.trim().split('\n').pop() || result.shortMessage;
    throw new IslanderError(options.errorCode ?? 'system', `${toolResult.command} failed: ${detail}`);
  }
  return toolResult;
}

export interface StartOptions {
  stdio: StdioOptions;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  detached?: boolean;
}

export function startProcess(file: string, args: readonly string[], options: StartOptions): ChildProcess {
  return spawn(file, args, {stdio: options.stdio, env: options.env, cwd: options.cwd, detached: options.detached});
}

/** Resolves with the exit code (128 + signal number when killed by a signal, as a shell reports it). */
export function waitForExit(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (code !== null) resolve(code);
      else resolve(128 + signalNumber(signal));
    });
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? constants.signals[signal] ?? 1 : 1;
}
