import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';
import {afterAll, inject} from 'vitest';

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
    // `--` as the bin's shebang has it: Node 20 would read our `run --env-file F` as its own option.
    const child = spawn(process.execPath, ['--', cliPath, ...args], {
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

/**
 * Names for a test file's containers (podman's `safename`), each force-removed after the file's tests, also when
 * they fail. Call once at the top of a test file: `const named = containerNamer();`.
 */
export function containerNamer(): (prefix: string) => string {
  const names: string[] = [];
  afterAll(() => removeQuietly(...names));
  return (prefix) => {
    const name = safeName(prefix);
    names.push(name);
    return name;
  };
}

/** Starts a foreground `islander run` without waiting for it; resolves with its exit code when it ends. */
export function startRun(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [cliPath, 'run', ...args], {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: 'ignore'});
  return new Promise((resolve) => child.once('close', (code) => resolve(code ?? 1)));
}

/** Polls a condition (a handshake on observable state, not a guessed sleep) until it holds or time runs out. */
export async function until(condition: () => Promise<boolean> | boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Whether a pid exists (signal 0). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
