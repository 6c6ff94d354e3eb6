import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';
import {inject} from 'vitest';

/** Helpers for integration tests: run the real CLI against the run's shared store. */
export const repo = join(import.meta.dirname, '..', '..');
export const cliPath = join(repo, 'bin', 'islander.js');

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
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (options.input !== undefined) child.stdin!.end(options.input);
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({exitCode: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), stdout, stderr}));
  });
}

/** A unique, traceable name for a test's container (podman's `safename`). */
export function safeName(prefix: string): string {
  return `it-${prefix}-${randomBytes(3).toString('hex')}`;
}
