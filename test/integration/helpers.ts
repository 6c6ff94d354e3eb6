import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';
import {inject} from 'vitest';

/** Helpers for integration tests: run the real CLI against the run's shared store. */
export const repo = join(import.meta.dirname, '..', '..');
export const cliPath = join(repo, 'bin', 'islander.cjs');

export function testRoot(): string {
  return inject('islanderRoot');
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function islander(args: readonly string[], options: {root?: string; input?: string; env?: NodeJS.ProcessEnv} = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: {...process.env, ISLANDER_ROOT: options.root ?? testRoot(), ...options.env},
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (options.input !== undefined) child.stdin!.end(options.input);
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({exitCode: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), stdout, stderr}));
  });
}

/** A unique, traceable name for a test's container (podman's `safename`). */
export function safeName(prefix: string): string {
  return `it-${prefix}-${randomBytes(3).toString('hex')}`;
}

export interface InspectState {
  Status: string;
  Running: boolean;
  Pid: number;
  ExitCode: number;
  OOMKilled: boolean;
}

export interface Inspected {
  Id: string;
  Name: string;
  State: InspectState;
  HostConfig: Record<string, unknown> & {CgroupPaths: string[]};
  Config: Record<string, unknown>;
}

export async function inspect(name: string): Promise<Inspected> {
  const result = await islander(['inspect', name]);
  if (result.exitCode !== 0) throw new Error(`inspect ${name} failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as Inspected[])[0]!;
}

/** Polls inspect until the container runs: a handshake on recorded state, not a sleep of a guessed length. */
export async function waitForRunning(name: string, timeoutMs = 20_000): Promise<Inspected> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await islander(['inspect', name]);
    if (result.exitCode === 0) {
      const [container] = JSON.parse(result.stdout) as Inspected[];
      if (container!.State.Running) return container!;
      if (container!.State.Status === 'exited') throw new Error(`${name} exited before it was seen running: ${JSON.stringify(container!.State)}`);
    }
    if (Date.now() > deadline) throw new Error(`${name} did not start within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Removes the named containers whatever state they are in (test cleanup). */
export async function removeQuietly(...names: string[]): Promise<void> {
  if (names.length > 0) await islander(['rm', '-f', ...names]);
}
