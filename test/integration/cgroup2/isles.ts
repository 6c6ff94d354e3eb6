import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {cgroupDriver} from '../../../src/cgroups/index.js';
import {cliPath, inspect, testRoot, type CliResult} from '../helpers.js';

/**
 * Helpers for the cgroup tests: isles held at a known point, so their groups can be read from the host while the
 * process runs. Files here run on both drivers unless a `describe` says `skipIf(!onV2)`.
 */
export const driverVersion = cgroupDriver().version;
export const onV2 = driverVersion === 2;
export const CGROUP_ROOT = '/sys/fs/cgroup';

/** The handshake line a held isle prints when it reached the point the test wants to look at. */
const READY = 'isle-ready';

export interface HeldIsle {
  id: string;
  /** Every directory of the isle's group while it runs (v1: one per controller), from the driver. */
  cgroupPaths: string[];
  /** Lets the isle go on past `read`, and resolves with how `islander run` ended. */
  release(): Promise<CliResult>;
}

/**
 * `islander run -i --name NAME FLAGS alpine-stress sh -c 'BEFORE; echo isle-ready; read _; AFTER'`: resolves once
 * the isle has printed the handshake line, i.e. it is running in its group with BEFORE done.
 */
export async function holdIsle(name: string, flags: string[], script: {before?: string; after?: string} = {}): Promise<HeldIsle> {
  const body = [script.before, `echo ${READY}`, 'read _', script.after].filter(Boolean).join('; ');
  const child = spawn(process.execPath, [cliPath, 'run', '-i', '--name', name, ...flags, 'alpine-stress', 'sh', '-c', body], {
    env: {...process.env, ISLANDER_ROOT: testRoot()},
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  // `rm -f` may end the isle first; writing to its closed stdin then is expected, not a failure.
  child.stdin.on('error', () => undefined);
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ended = new Promise<CliResult>((resolve) => {
    child.once('close', (code) => resolve({exitCode: code ?? 128 + 9, stdout, stderr}));
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.includes(`${READY}\n`)) resolve();
    });
    void ended.then((result) => reject(new Error(`${name} ended before the handshake: exit ${result.exitCode}: ${result.stderr}`)));
  });
  const {Id: id} = await inspect(name);
  const group = cgroupDriver().open(id);
  if (!group) throw new Error(`${name} (${id}) runs but has no cgroup`);
  return {
    id,
    cgroupPaths: group.paths,
    release: () => {
      child.stdin.end('go\n');
      return ended;
    },
  };
}

/** The directories of a group that still exist. */
export function remainingDirs(paths: readonly string[]): string[] {
  return paths.filter((path) => existsSync(path));
}

/** The isle's group directory on v2 (for tests that read its files directly). */
export function v2GroupDir(id: string): string {
  return join(CGROUP_ROOT, 'islander', id);
}
