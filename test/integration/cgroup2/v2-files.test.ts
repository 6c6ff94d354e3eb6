import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {readHostInfo} from '../../../src/cgroups/index.js';
import {containerNamer, testRoot} from '../helpers.js';
import {CGROUP_ROOT, holdIsle, onV2, remainingDirs, v2GroupDir} from './isles.js';

/**
 * cgroup v2 only (the lane's guest; skipped on v1 hosts): what `islander run` writes into
 * /sys/fs/cgroup/islander/<id>, flag by flag, read back from the kernel while the isle runs, and the group gone after.
 */
const named = containerNamer();

function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), 'utf8').trim();
}

function words(dir: string, file: string): string[] {
  return read(dir, file).split(/\s+/);
}

const MIB = 1024 * 1024;

describe.skipIf(!onV2)('cgroup v2: the files of an isle', () => {
  it('creates islander/<id> with every controller delegated, writes each limit, and leaves nothing behind', async () => {
    const online = readHostInfo(testRoot()).onlineCpus;
    const lastCpu = String(online.at(-1));
    const store = readHostInfo(testRoot()).storeBlockDevice();
    const disk = 'device' in store ? `${store.device.major}:${store.device.minor}` : undefined;
    const isle = await holdIsle(named('files'), [
      '-m', '64m', '--memory-swap', '96m', '--cpus', '0.5', '--cpu-shares', '512', '--cpuset-cpus', lastCpu,
      '--pids-limit', '20', ...(disk ? ['--device-read-bps', '3mb', '--device-write-bps', '1mb'] : []),
    ]);
    const dir = v2GroupDir(isle.id);
    expect(isle.cgroupPaths).toEqual([dir]);
    for (const parent of [CGROUP_ROOT, join(CGROUP_ROOT, 'islander')]) {
      expect(words(parent, 'cgroup.subtree_control')).toEqual(expect.arrayContaining(['cpu', 'cpuset', 'memory', 'pids', 'io']));
    }
    expect(words(dir, 'cgroup.controllers')).toEqual(expect.arrayContaining(['cpu', 'cpuset', 'memory', 'pids', 'io']));

    expect(read(dir, 'memory.max')).toBe(String(64 * MIB));
    expect(read(dir, 'memory.swap.max')).toBe(String(32 * MIB));   // memory+swap 96m − memory 64m
    expect(read(dir, 'memory.oom.group')).toBe('0');
    expect(read(dir, 'cpu.max')).toBe('50000 100000');
    expect(read(dir, 'cpu.weight')).toBe('59');                     // 512 shares by runc's curve (1024 → 100)
    expect(read(dir, 'cpuset.cpus')).toBe(lastCpu);
    expect(read(dir, 'cpuset.cpus.effective')).toBe(lastCpu);
    expect(read(dir, 'pids.max')).toBe('20');
    if (disk) expect(read(dir, 'io.max')).toBe(`${disk} rbps=${3 * MIB} wbps=${MIB} riops=max wiops=max`);
    expect(read(dir, 'cgroup.events')).toMatch(/^populated 1$/m);

    const result = await isle.release();
    expect(result.exitCode).toBe(0);
    expect(remainingDirs([dir])).toEqual([]);
  });

  it('writes cpu.max from --cpu-quota/--cpu-period and cpu.weight 100 for the default 1024 shares, and throttles', async () => {
    // A busy loop of 1 s against 20 ms per 50 ms is throttled in most periods; cpu.stat counts them.
    const isle = await holdIsle(named('quota'), ['--rm', '--cpu-quota', '20000', '--cpu-period', '50000', '-c', '1024',
      '--memory', '32m', '--memory-swap', '-1'], {before: `timeout 1 sh -c 'while :; do :; done'`});
    const dir = v2GroupDir(isle.id);
    expect(read(dir, 'cpu.max')).toBe('20000 50000');
    expect(read(dir, 'cpu.weight')).toBe('100');
    expect(read(dir, 'memory.swap.max')).toBe('max');
    const cpuStat = read(dir, 'cpu.stat');
    expect(Number(/^nr_throttled (\d+)$/m.exec(cpuStat)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^usage_usec (\d+)$/m.exec(cpuStat)?.[1])).toBeGreaterThan(0);
    expect((await isle.release()).exitCode).toBe(0);
    expect(remainingDirs([dir])).toEqual([]);
  });

  it('writes pids.max max for --pids-limit -1', async () => {
    const isle = await holdIsle(named('pids'), ['--rm', '--pids-limit', '-1']);
    expect(read(v2GroupDir(isle.id), 'pids.max')).toBe('max');
    expect((await isle.release()).exitCode).toBe(0);
  });
});
