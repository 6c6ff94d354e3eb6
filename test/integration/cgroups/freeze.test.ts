import {spawn, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {cgroupDriver} from '../../../src/cgroups/index.js';

/**
 * freeze/thaw/pids against the real kernel: v1's freezer here, v2's cgroup.freeze in the qemu lane. A shell in
 * the group appends to a file every 20 ms; frozen, the file stops growing and its processes sit in the
 * refrigerator; thawed, it grows again.
 */
const driver = cgroupDriver();
const v1FreezerMissing = driver.version === 1 && !readFileSync('/proc/self/mountinfo', 'utf8').includes(' - cgroup cgroup rw,freezer');

const ids: string[] = [];
const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  const groups = ids.splice(0);
  for (const id of groups) {
    const group = driver.open(id);
    // A frozen process cannot die; thaw first so the kill below lands.
    if (group?.isFrozen()) await group.thaw();
  }
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('close', resolve));
      process.kill(-child.pid, 'SIGKILL');
      await exited;
    }
  }
  for (const id of groups) await driver.open(id)?.remove();
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

async function counterInGroup(): Promise<{id: string; file: string; child: ChildProcess}> {
  const id = `test-${randomBytes(6).toString('hex')}`;
  ids.push(id);
  const dir = mkdtempSync(join(tmpdir(), 'islander-freeze-'));
  dirs.push(dir);
  const file = join(dir, 'counter');
  const handle = driver.create(id, {});
  // Held until placed, so that every process it forks is born in the group.
  const child = spawn('sh', ['-c', `read go; while true; do echo x >> ${file}; sleep 0.02; done`], {stdio: ['pipe', 'ignore', 'ignore'], detached: true});
  children.push(child);
  handle.addProcess(child.pid!);
  child.stdin!.end('go\n');
  await until(() => size(file) > 0);
  return {id, file, child};
}

function size(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(v1FreezerMissing)(`cgroup v${driver.version} freeze, thaw and pids`, () => {
  it('lists the processes of the group', async () => {
    const {id, child} = await counterInGroup();
    const pids = driver.open(id)!.pids();
    expect(pids).toContain(child.pid);
    expect(pids).toEqual([...pids].sort((a, b) => a - b));
    expect(readFileSync(`/proc/${child.pid}/cgroup`, 'utf8')).toContain(id);
    // The counter's short-lived helpers may exit between the listing and the read (ENOENT on open, ESRCH on a read
    // that races the exit): only the living are checked.
    for (const pid of pids) {
      let cgroup: string;
      try {
        cgroup = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
      } catch (error) {
        if (['ENOENT', 'ESRCH'].includes((error as NodeJS.ErrnoException).code ?? '')) continue;
        throw error;
      }
      expect(cgroup).toContain(id);
    }
  });

  it('freezes: the counter stops and the processes are frozen; thaw resumes it', async () => {
    const {id, file, child} = await counterInGroup();
    const group = driver.open(id)!;
    await group.freeze();
    expect(group.isFrozen()).toBe(true);
    if (driver.version === 1) {
      expect(readFileSync(join(group.paths.find((path) => path.includes('/freezer/'))!, 'freezer.state'), 'utf8').trim()).toBe('FROZEN');
    } else {
      expect(readFileSync(join(group.paths[0]!, 'cgroup.events'), 'utf8')).toContain('frozen 1');
    }
    const frozenAt = size(file);
    await sleep(300);
    expect(size(file)).toBe(frozenAt);
    expect(driver.open(id)!.pids()).toContain(child.pid);

    await group.thaw();
    expect(group.isFrozen()).toBe(false);
    await until(() => size(file) > frozenAt);
  });

  it('freezing twice and thawing twice are harmless', async () => {
    const {id} = await counterInGroup();
    const group = driver.open(id)!;
    await group.freeze();
    await group.freeze();
    await group.thaw();
    await group.thaw();
    expect(group.isFrozen()).toBe(false);
  });

  it('an empty group freezes too', async () => {
    const id = `test-${randomBytes(6).toString('hex')}`;
    ids.push(id);
    const group = driver.create(id, {});
    expect(group.pids()).toEqual([]);
    await group.freeze();
    expect(group.isFrozen()).toBe(true);
    await group.thaw();
  });
});
