import {existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {startProcess, waitForExit} from '../../../src/process/spawn.js';

// Proves the cgroup v2 lane gives tests what they need: a pure v2 hierarchy with every controller delegated to
// the root's children, memory.max that really OOM-kills, and io.max on the real block device under the store.
// Skips on cgroup v1 hosts (the development machines); runs in the lane's qemu guest (test/cgroup2-lane).
const CGROUP_ROOT = '/sys/fs/cgroup';
const isV2 = existsSync(join(CGROUP_ROOT, 'cgroup.controllers'));
const testCgroup = join(CGROUP_ROOT, `lane-smoke-${process.pid}`);

/** major:minor of the whole-disk block device that holds `path`, or undefined when it is not on one. */
function blockDeviceOf(path: string): string | undefined {
  const dev = statSync(path).dev;
  // Linux's dev_t encoding (glibc's gnu_dev_major/minor), for the values a stat can return.
  const major = Math.floor(dev / 256) & 0xfff;
  const minor = (dev & 0xff) | (Math.floor(dev / 4096) & ~0xff);
  const id = `${major}:${minor}`;
  const sysfs = `/sys/dev/block/${id}`;
  // io.max takes whole disks only: a partition has a `partition` file in sysfs.
  return existsSync(sysfs) && !existsSync(join(sysfs, 'partition')) ? id : undefined;
}

const storeRoot = process.env.ISLANDER_ROOT;
const storeDevice = isV2 && storeRoot && existsSync(storeRoot) ? blockDeviceOf(storeRoot) : undefined;

function makeCgroup(name: string): string {
  const path = join(testCgroup, name);
  mkdirSync(path, {recursive: true});
  return path;
}

/** Kills whatever a failed test left in the cgroup, waits until it is empty, and removes it. */
async function removeCgroup(path: string): Promise<void> {
  if (!existsSync(path)) return;
  writeFileSync(join(path, 'cgroup.kill'), '1');
  for (let tries = 0; tries < 100 && /^populated 1$/m.test(readFileSync(join(path, 'cgroup.events'), 'utf8')); tries++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  rmdirSync(path);
}

describe.skipIf(!isV2)('cgroup v2 lane', () => {
  afterAll(async () => {
    for (const child of ['oom', 'io']) await removeCgroup(join(testCgroup, child));
    await removeCgroup(testCgroup);
  });

  it('has the controllers the v2 driver needs, enabled for the root children', () => {
    const available = readFileSync(join(CGROUP_ROOT, 'cgroup.controllers'), 'utf8').trim().split(' ');
    const delegated = readFileSync(join(CGROUP_ROOT, 'cgroup.subtree_control'), 'utf8').trim().split(' ');
    for (const controller of ['memory', 'cpu', 'io', 'pids', 'cpuset']) {
      expect(available).toContain(controller);
      expect(delegated).toContain(controller);
    }
  });

  it('OOM-kills a process that allocates past memory.max', async () => {
    mkdirSync(testCgroup, {recursive: true});
    writeFileSync(join(testCgroup, 'cgroup.subtree_control'), '+memory +io');
    const cgroup = makeCgroup('oom');
    writeFileSync(join(cgroup, 'memory.max'), String(32 * 1024 * 1024));
    writeFileSync(join(cgroup, 'memory.swap.max'), '0');
    // The shell moves itself into the cgroup, then becomes `tail`, which buffers /dev/zero (no newline) forever.
    const hog = startProcess('/bin/sh', ['-c', `echo $$ > ${cgroup}/cgroup.procs && exec tail /dev/zero`], {
      stdio: 'ignore',
    });
    const exitCode = await waitForExit(hog);
    expect(exitCode).toBe(128 + 9);
    const events = readFileSync(join(cgroup, 'memory.events'), 'utf8');
    expect(Number(/^oom_kill (\d+)$/m.exec(events)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!storeDevice)('throttles direct writes to the store disk with io.max', async () => {
    mkdirSync(testCgroup, {recursive: true});
    writeFileSync(join(testCgroup, 'cgroup.subtree_control'), '+memory +io');
    const cgroup = makeCgroup('io');
    const limit = 2 * 1024 * 1024;
    writeFileSync(join(cgroup, 'io.max'), `${storeDevice} rbps=${limit} wbps=${limit}`);
    expect(readFileSync(join(cgroup, 'io.max'), 'utf8')).toContain(`${storeDevice} rbps=${limit} wbps=${limit}`);

    // 6 MiB of O_DIRECT writes at 2 MiB/s take about 3 s; unthrottled they take a fraction of a second.
    const probe = join(storeRoot!, `io-probe-${process.pid}`);
    const started = Date.now();
    const dd = startProcess(
      '/bin/sh',
      ['-c', `echo $$ > ${cgroup}/cgroup.procs && exec dd if=/dev/zero of=${probe} bs=1M count=6 oflag=direct`],
      {stdio: 'ignore'},
    );
    try {
      expect(await waitForExit(dd)).toBe(0);
      expect(Date.now() - started).toBeGreaterThan(2000);
    } finally {
      rmSync(probe, {force: true});
    }
  });
});
