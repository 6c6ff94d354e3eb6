import {spawn} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {cgroupDriver} from '../../../src/cgroups/index.js';
import {cliPath, islander, safeName, testRoot} from '../helpers.js';

/** Pids of isle-shim processes serving containers of this test run's store. */
function shimsOfThisStore(): number[] {
  const root = testRoot();
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number).filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv[0]!.endsWith('isle-shim') && argv.some((arg) => arg.startsWith(root));
    } catch {
      return false;
    }
  });
}

function cgroupsOf(ids: readonly string[]): string[] {
  return ids.flatMap((id) => cgroupDriver().open(id)?.paths ?? []);
}

function containerIds(): string[] {
  const dir = `${testRoot()}/containers`;
  return existsSync(dir) ? readdirSync(dir).filter((entry) => !entry.startsWith('.')) : [];
}

describe('lifecycle robustness', () => {
  it('starts 50 detached containers at once, lists them all, and removes them without a trace', async () => {
    const names = Array.from({length: 50}, (_, index) => safeName(`fifty-${index}`));
    try {
      const results = await Promise.all(names.map((name) => islander(['run', '-d', '--name', name, 'alpine-stress', 'sleep', '300'])));
      expect(results.filter((result) => result.exitCode !== 0).map((result) => result.stderr)).toEqual([]);
      const ps = JSON.parse((await islander(['ps', '--format', 'json'])).stdout) as Array<{Names: string[]; State: string}>;
      const running = new Set(ps.filter((c) => c.State === 'running').map((c) => c.Names[0]));
      expect(names.filter((name) => !running.has(name))).toEqual([]);
      expect((await islander(['ps', '-q'])).stdout.trim().split('\n').length).toBeGreaterThanOrEqual(50);
      const fullIds = containerIds();
      expect(cgroupsOf(fullIds).length).toBeGreaterThan(0);
    } finally {
      const idsBefore = containerIds();
      const removed = await islander(['rm', '-f', ...names]);
      expect(removed.exitCode).toBe(0);
      expect(shimsOfThisStore()).toEqual([]);
      expect(cgroupsOf(idsBefore)).toEqual([]);
      const mounts = readFileSync('/proc/self/mountinfo', 'utf8');
      expect(mounts).not.toContain(testRoot());
    }
  }, 180_000);

  it('SIGKILL of `run` at any moment leaves a container rm -f removes completely, or nothing', async () => {
    const delays = [0, 5, 15, 30, 50, 80, 120, 200];
    for (const delay of delays) {
      const name = safeName(`killed-${delay}`);
      const before = new Set(containerIds());
      const child = spawn(process.execPath, [cliPath, 'run', '--name', name, 'alpine-stress', 'sleep', '300'],
        {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: 'ignore'});
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('close', resolve));

      const fresh = containerIds().filter((id) => !before.has(id));
      const listed = JSON.parse((await islander(['ps', '-a', '--format', 'json'])).stdout) as Array<{Id: string}>;
      // Whatever the kill left is explained by ps...
      expect(fresh.filter((id) => !listed.some((c) => c.Id === id))).toEqual([]);
      // ...and rm -f removes it completely.
      if (fresh.length > 0) expect((await islander(['rm', '-f', ...fresh])).exitCode).toBe(0);
      expect(containerIds().filter((id) => !before.has(id))).toEqual([]);
      expect(cgroupsOf(fresh)).toEqual([]);
      expect(shimsOfThisStore()).toEqual([]);
    }
  }, 120_000);
});
