import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cliPath, islander, removeQuietly, safeName, testRoot, type CliResult} from '../helpers.js';

/** Shared by the cp, export and commit tests: named containers, host scratch dirs, binary stdio. */
export class Scratch {
  readonly containers: string[] = [];
  readonly images: string[] = [];
  readonly dirs: string[] = [];

  name(prefix: string): string {
    const name = safeName(prefix);
    this.containers.push(name);
    return name;
  }

  dir(prefix: string): string {
    const dir = mkdtempSync(join(tmpdir(), `islander-${prefix}-`));
    this.dirs.push(dir);
    return dir;
  }

  async cleanup(): Promise<void> {
    await removeQuietly(...this.containers);
    if (this.images.length > 0) await islander(['image', 'rm', ...this.images]);
    for (const dir of this.dirs) rmSync(dir, {recursive: true, force: true});
  }
}

export interface BinaryResult {
  exitCode: number;
  stdout: Buffer;
  stderr: string;
}

/** The CLI with binary stdin/stdout, for `cp -` tar streams and `export` to stdout. */
export function islanderBinary(args: readonly string[], input?: Buffer): Promise<BinaryResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: {...process.env, ISLANDER_ROOT: testRoot()},
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    if (input !== undefined) child.stdin!.end(input);
    child.once('error', reject);
    child.once('close', (code) => resolve({exitCode: code ?? 128, stdout: Buffer.concat(chunks), stderr}));
  });
}

export async function ok(args: readonly string[]): Promise<CliResult> {
  const result = await islander(args);
  if (result.exitCode !== 0) throw new Error(`islander ${args.join(' ')} failed (${result.exitCode}): ${result.stderr}`);
  return result;
}

/** A container that runs `sleep` until the test removes it. */
export async function runningContainer(scratch: Scratch, prefix: string): Promise<string> {
  const name = scratch.name(prefix);
  await ok(['run', '-d', '--name', name, 'alpine-stress', 'sleep', '600']);
  return name;
}

/** A container that ran `script` and exited 0: its upper dir holds what the script left. */
export async function exitedContainer(scratch: Scratch, prefix: string, script = 'true'): Promise<string> {
  const name = scratch.name(prefix);
  await ok(['run', '--name', name, 'alpine-stress', 'sh', '-c', script]);
  return name;
}

export async function sh(container: string, script: string): Promise<string> {
  return (await ok(['exec', container, 'sh', '-c', script])).stdout;
}
