import {expect} from 'vitest';
import {islander, removeQuietly, safeName, type CliResult} from '../helpers.js';
import type {InspectMount} from '../../../src/container/mount-inspect.js';

/** Names of what a test made, removed afterwards whatever happened (containers first: they hold the volumes). */
export class Made {
  containers: string[] = [];
  volumes: string[] = [];

  container(prefix: string): string {
    const name = safeName(prefix);
    this.containers.push(name);
    return name;
  }

  volume(prefix: string): string {
    const name = safeName(prefix);
    this.volumes.push(name);
    return name;
  }

  async cleanup(): Promise<void> {
    await removeQuietly(...this.containers);
    if (this.volumes.length > 0) await islander(['volume', 'rm', '-f', ...this.volumes]);
    this.containers = [];
    this.volumes = [];
  }
}

/** `run --rm IMAGE sh -c SCRIPT` with the given flags. */
export function runSh(flags: readonly string[], script: string): Promise<CliResult> {
  return islander(['run', '--rm', ...flags, 'alpine-stress', 'sh', '-c', script]);
}

export function expectOk(result: CliResult): CliResult {
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return result;
}


export async function mountsOf(container: string): Promise<InspectMount[]> {
  const result = await islander(['inspect', container]);
  expect(result.exitCode).toBe(0);
  return (JSON.parse(result.stdout) as Array<{Mounts: InspectMount[]}>)[0]!.Mounts;
}
