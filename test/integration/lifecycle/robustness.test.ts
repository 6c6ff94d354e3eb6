import {spawn} from 'node:child_process';
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
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

  it('a name whose file a crash left empty still finds its container and stays taken', async () => {
    const name = safeName('emptied');
    const created = await islander(['create', '--name', name, 'alpine-stress', 'true']);
    expect(created.exitCode).toBe(0);
    const id = created.stdout.trim();
    // .names/<name> is written without an fsync: after a power loss it may exist with nothing in it
    writeFileSync(`${testRoot()}/containers/.names/${name}`, '');
    const inspected = JSON.parse((await islander(['inspect', name])).stdout) as Array<{Id: string}>;
    expect(inspected[0]!.Id).toBe(id);
    const again = await islander(['create', '--name', name, 'alpine-stress', 'true']);
    expect(again.exitCode).toBe(125);
    expect(again.stderr).toContain(`the name '${name}' is already in use`);
    expect((await islander(['rm', name])).exitCode).toBe(0);
    expect(containerIds()).not.toContain(id);
    expect(existsSync(`${testRoot()}/containers/.names/${name}`)).toBe(false);
  });

  it('a running record whose shim has not written shim.json yet stays running while that shim lives', async () => {
    const name = safeName('starting');
    const id = (await islander(['create', '--name', name, 'alpine-stress', 'true'])).stdout.trim();
    // What `run` writes on `spawned`, a moment before the shim's shim.json: here a stand-in "shim" that we own.
    const standIn = spawn('sleep', ['30'], {stdio: 'ignore'});
    try {
      const startTime = Number(readFileSync(`/proc/${standIn.pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]);
      const file = `${testRoot()}/containers/${id}/container.json`;
      const record = JSON.parse(readFileSync(file, 'utf8')) as {state: Record<string, unknown>};
      Object.assign(record.state, {status: 'running', pid: standIn.pid, shimPid: standIn.pid, shimStartTime: startTime});
      writeFileSync(file, JSON.stringify(record));
      const state = async () => (JSON.parse((await islander(['inspect', name])).stdout) as Array<{State: {Status: string; Error: string}}>)[0]!.State;
      expect((await state()).Status).toBe('running');
      standIn.kill('SIGKILL');
      await new Promise((resolve) => standIn.once('close', resolve));
      expect(await state()).toMatchObject({Status: 'exited', Error: 'its shim died, so the exit code is unknown'});
    } finally {
      standIn.kill('SIGKILL');
      await islander(['rm', '-f', name]);
    }
  });
});
