import type {ChildProcess} from 'node:child_process';
import {IslanderError, isErrno} from '../errors.js';
import {startProcess, waitForExit} from '../process/spawn.js';

/**
 * isle-unpack (and the `zstd -d` before it) as a child process: its stdio wired, its output collected, and its
 * one summary line read (PROTOCOL.md, "isle-unpack"). The pipelines that feed it are unpack.ts (a file being
 * imported) and unpack-stream.ts (a layer being downloaded).
 */
export interface UnpackResult {
  id: string;
  entries: number;
  bytes: number;
  skippedDevices: number;
  /** --layer: directories marked opaque ("" is the root), as isle-unpack reported them. */
  opaqueDirs: string[];
}

export interface Child {
  process: ChildProcess;
  exit: Promise<number>;
  stdout: () => string;
  stderr: () => string;
}

/** Starts a child; its stdout is collected as text unless `streamStdout`, when the caller pipes it onward. */
export function start(file: string, args: string[], stdin: number | 'pipe', streamStdout = false): Child {
  const child = startProcess(file, args, {stdio: [stdin, 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  if (!streamStdout) child.stdout?.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  const exit = waitForExit(child);
  exit.catch(() => undefined); // observed below; avoid an unhandled rejection in between
  return {process: child, exit, stdout: () => stdout, stderr: () => stderr};
}

/** What isle-unpack read on stdin, as it kept it (--keep): the blob. */
export interface KeptInput {
  sha256: string;
  bytes: number;
}

export interface Summary extends Omit<UnpackResult, 'id'> {
  /** --hash */
  tarSha256?: string;
  /** --keep */
  input?: KeptInput;
}

export function parseSummary(stdout: string): Summary {
  const lines = stdout.trim().split('\n');
  const line = lines.pop() ?? '';
  const opaqueDirs = lines.map((text) => JSON.parse(text) as {type?: string; path?: string})
    .filter((message) => message.type === 'opaque' && typeof message.path === 'string').map((message) => message.path as string);
  const summary = JSON.parse(line) as {type?: string; entries?: number; bytes?: number; skippedDevices?: number;
    tarSha256?: unknown; inputSha256?: unknown; inputBytes?: unknown};
  if (summary.type !== 'unpacked') throw new IslanderError('internal', `unexpected isle-unpack output: ${line}`);
  return {
    entries: summary.entries ?? 0, bytes: summary.bytes ?? 0, skippedDevices: summary.skippedDevices ?? 0, opaqueDirs,
    tarSha256: typeof summary.tarSha256 === 'string' ? summary.tarSha256 : undefined,
    input: typeof summary.inputSha256 === 'string' ? {sha256: summary.inputSha256, bytes: Number(summary.inputBytes)} : undefined,
  };
}

export function spawnError(error: unknown, program = 'isle-unpack'): IslanderError {
  if (isErrno(error, 'ENOENT')) {
    return new IslanderError('system', `cannot run ${program}: not found`, {
      suggestion: program === 'zstd' ? 'install zstd (`apt-get install zstd`)' : 'build the runtime with `make -C runtime-c`',
    });
  }
  return new IslanderError('system', `cannot run ${program}: ${error instanceof Error ? error.message : String(error)}`);
}
