import {spawn, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {cgroupDriver, readHostInfo, type CgroupHandle} from '../../../src/cgroups/index.js';
import {parseResources, type ResourceFlags} from '../../../src/container/resources.js';
import {IslanderError} from '../../../src/errors.js';
import type {OciLinuxResources} from '../../../src/runtime/oci.js';

/**
 * The cgroup driver against the real kernel, as root. Every assertion reads the files back or looks at
 * /proc/PID/cgroup; the same file runs on v1 and v2 hosts and expects each version's own file names.
 */
const driver = cgroupDriver();
const repo = join(import.meta.dirname, '..', '..', '..');
const MIB = 1024 * 1024;

const ids: string[] = [];
const children: ChildProcess[] = [];

function newId(): string {
  const id = `test-${randomBytes(6).toString('hex')}`;
  ids.push(id);
  return id;
}

afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      const exited = new Promise((resolve) => child.once('close', resolve));
      process.kill(child.pid, 'SIGKILL');
      await exited;
    }
  }
  for (const id of ids.splice(0)) await driver.open(id)?.remove();
});

function flags(partial: Partial<ResourceFlags>): ResourceFlags {
  return {deviceReadBps: [], deviceWriteBps: [], ...partial};
}

/** The directory holding a controller's files (v1: that controller's; v2: the one group directory). */
function dirOf(handle: CgroupHandle, controller: string): string {
  if (driver.version === 2) return handle.paths[0]!;
  const dir = handle.paths.find((path) => path.includes(`/${controller}/`));
  if (!dir) throw new Error(`no ${controller} directory in ${handle.paths.join(', ')}`);
  return dir;
}

function read(handle: CgroupHandle, controller: string, file: string): string {
  return readFileSync(join(dirOf(handle, controller), file), 'utf8').trim();
}

/** A shell that waits for a line on stdin before exec'ing `command`, so it can be placed in a group first. */
function startHeld(command: string): ChildProcess {
  const child = spawn('sh', ['-c', `read go; exec ${command}`], {stdio: ['pipe', 'ignore', 'ignore']});
  children.push(child);
  return child;
}

/** Waits until /proc/PID/comm shows that the held shell has exec'd its command. */
async function commandBecomes(pid: number, comm: string): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === comm) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`process ${pid} never became ${comm}`);
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('close', () => resolve());
  });
}

/** The disk of the checkout, when it has one (not in a VM sharing the checkout over virtiofs or 9p). */
const storeDisk = readHostInfo(repo).storeBlockDevice();
const disk = 'device' in storeDisk ? storeDisk.device : undefined;
const online = readHostInfo(repo).onlineCpus;
const lastCpu = String(online[online.length - 1]);

describe(`cgroup v${driver.version} driver`, () => {
  it('creates the group with every limit written to the kernel', () => {
    const resources = parseResources(flags({
      memory: '500m',
      cpus: '0.5',
      pidsLimit: '32',
      cpusetCpus: lastCpu,
      cpuShares: '512',
      deviceReadBps: disk ? ['2mb'] : [],
      deviceWriteBps: disk ? ['1mb'] : [],
    }), readHostInfo(repo));
    const handle = driver.create(newId(), resources);
    for (const path of handle.paths) expect(existsSync(path)).toBe(true);

    if (driver.version === 1) {
      expect(read(handle, 'memory', 'memory.limit_in_bytes')).toBe('524288000');
      if (existsSync(join(dirOf(handle, 'memory'), 'memory.memsw.limit_in_bytes'))) {
        expect(read(handle, 'memory', 'memory.memsw.limit_in_bytes')).toBe(String(2 * 524288000));
      }
      expect(read(handle, 'cpu', 'cpu.cfs_quota_us')).toBe('50000');
      expect(read(handle, 'cpu', 'cpu.cfs_period_us')).toBe('100000');
      expect(read(handle, 'cpu', 'cpu.shares')).toBe('512');
      expect(read(handle, 'pids', 'pids.max')).toBe('32');
      expect(read(handle, 'cpuset', 'cpuset.cpus')).toBe(lastCpu);
      expect(read(handle, 'cpuset', 'cpuset.mems')).not.toBe('');
      if (disk) {
        expect(read(handle, 'blkio', 'blkio.throttle.read_bps_device')).toBe(`${disk.major}:${disk.minor} 2097152`);
        expect(read(handle, 'blkio', 'blkio.throttle.write_bps_device')).toBe(`${disk.major}:${disk.minor} 1048576`);
      }
      const devices = read(handle, 'devices', 'devices.list').split('\n');
      expect(devices).toContain('c 1:3 rwm');
      expect(devices).toContain('c 136:* rwm');
      expect(devices).not.toContain('a *:* rwm');
      expect(devices).not.toContain('c 10:200 rwm');
    } else {
      expect(read(handle, 'memory', 'memory.max')).toBe('524288000');
      if (existsSync(join(handle.paths[0]!, 'memory.swap.max'))) {
        expect(read(handle, 'memory', 'memory.swap.max')).toBe('524288000');
      }
      expect(read(handle, 'cpu', 'cpu.max')).toBe('50000 100000');
      expect(read(handle, 'cpu', 'cpu.weight')).toBe('59');
      expect(read(handle, 'pids', 'pids.max')).toBe('32');
      expect(read(handle, 'cpuset', 'cpuset.cpus')).toBe(lastCpu);
      if (disk) {
        expect(read(handle, 'io', 'io.max')).toContain(`${disk.major}:${disk.minor} rbps=2097152 wbps=1048576`);
      }
    }
  });

  it('moves a process into the group and reports its stats', async () => {
    const id = newId();
    const handle = driver.create(id, {memory: {limit: 64 * MIB}, pids: {limit: 16}});
    const child = startHeld('sleep 30');
    handle.addProcess(child.pid!);

    const membership = readFileSync(`/proc/${child.pid}/cgroup`, 'utf8').trim().split('\n');
    if (driver.version === 1) {
      expect(membership).toContainEqual(expect.stringMatching(new RegExp(`^\\d+:memory:.*/islander/${id}$`)));
      expect(membership).toContainEqual(expect.stringMatching(new RegExp(`^\\d+:pids:.*/islander/${id}$`)));
    } else {
      expect(membership).toContainEqual(expect.stringMatching(new RegExp(`^0::.*/islander/${id}$`)));
    }

    // Memory is charged where it is allocated: let the shell exec sleep inside the group first.
    child.stdin!.end('go\n');
    await commandBecomes(child.pid!, 'sleep');
    // CPU time is accounted at the next scheduler event, not at exec: wait for the first nanoseconds to show.
    const deadline = Date.now() + 5000;
    while (handle.stats().cpuUsageNs === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    const stats = handle.stats();
    expect(stats.pidsCurrent).toBe(1);
    expect(stats.memoryLimitBytes).toBe(64 * MIB);
    expect(stats.memoryUsageBytes).toBeGreaterThan(0);
    expect(stats.cpuUsageNs).toBeGreaterThan(0);

    process.kill(child.pid!, 'SIGKILL');
    await exitOf(child);
    await handle.remove();
    for (const path of handle.paths) expect(existsSync(path)).toBe(false);
  });

  it('counts OOM kills when a process allocates beyond the limit', async () => {
    const handle = driver.create(newId(), {memory: {limit: 8 * MIB, swap: 8 * MIB}});
    expect(handle.oomKillCount()).toBe(0);
    // tail keeps one unterminated "line" of /dev/zero in memory, so it grows until the OOM killer stops it.
    const child = startHeld('tail /dev/zero');
    handle.addProcess(child.pid!);
    child.stdin!.end('go\n');
    await exitOf(child);
    expect(child.signalCode).toBe('SIGKILL');
    expect(handle.oomKillCount()).toBeGreaterThanOrEqual(1);
  });

  it('throttles a busy loop to its CPU quota', async () => {
    const handle = driver.create(newId(), {cpu: {quota: 10_000, period: 100_000}});
    const child = startHeld(`timeout 0.35 sh -c 'while :; do :; done'`);
    handle.addProcess(child.pid!);
    child.stdin!.end('go\n');
    await exitOf(child);
    const throttled = readFileSync(join(dirOf(handle, 'cpu'), 'cpu.stat'), 'utf8').match(/^nr_throttled (\d+)$/m);
    expect(Number(throttled?.[1])).toBeGreaterThanOrEqual(1);
  });

  it('stops forks beyond the pids limit', async () => {
    const handle = driver.create(newId(), {pids: {limit: 3}});
    const child = startHeld(`sh -c 'for i in 1 2 3 4 5 6; do sleep 0.2 & done; wait' 2>/dev/null`);
    handle.addProcess(child.pid!);
    child.stdin!.end('go\n');
    await exitOf(child);
    expect(read(handle, 'pids', 'pids.events')).toMatch(/^max [1-9]\d*$/m);
  });

  it.skipIf(driver.version !== 1)('denies devices outside the default list (v1 devices controller)', async () => {
    const handle = driver.create(newId(), {});
    const probe = (path: string, group?: CgroupHandle) => new Promise<number>((resolve) => {
      const child = startHeld(`head -c 1 ${path} >/dev/null`);
      group?.addProcess(child.pid!);
      child.stdin!.end('go\n');
      child.once('close', (code) => resolve(code ?? -1));
    });
    expect(await probe('/dev/zero', handle)).toBe(0);
    // A loop device is readable by root outside the group (an unbound one reads as empty) but not in the list.
    expect(await probe('/dev/loop0')).toBe(0);
    expect(await probe('/dev/loop0', handle)).not.toBe(0);
  });

  it('opens an existing group and finds none for an unknown id', () => {
    const id = newId();
    const created = driver.create(id, {});
    expect(driver.open(id)?.paths).toEqual(created.paths);
    expect(driver.open(`test-missing-${randomBytes(4).toString('hex')}`)).toBeUndefined();
  });

  it('removes every directory, and removing again is fine', async () => {
    const id = newId();
    const handle = driver.create(id, {pids: {limit: 4}});
    await handle.remove();
    for (const path of handle.paths) expect(existsSync(path)).toBe(false);
    await handle.remove();
    expect(driver.open(id)).toBeUndefined();
  });

  it('waits for exiting tasks before removing', async () => {
    const handle = driver.create(newId(), {});
    const child = startHeld('sleep 30');
    handle.addProcess(child.pid!);
    process.kill(child.pid!, 'SIGKILL');
    await handle.remove();
    for (const path of handle.paths) expect(existsSync(path)).toBe(false);
  });

  it('names the file, the value and the reason when the kernel refuses a write, and leaves nothing behind', () => {
    const id = newId();
    // Validation upstream would refuse this; the driver must still report the kernel's refusal clearly.
    const resources: OciLinuxResources = {cpu: {cpus: 'bad'}};
    let caught: unknown;
    try {
      driver.create(id, resources);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IslanderError);
    const error = caught as IslanderError;
    expect(error.code).toBe('system');
    const label = driver.version === 1 ? 'cgroup v1 cpuset' : 'cgroup v2';
    expect(error.message).toBe(`${label}: writing bad to cpuset.cpus failed: Invalid argument`);
    expect(driver.open(id)).toBeUndefined();
  });
});

describe('readHostInfo', () => {
  it('finds the disk behind the checkout, mapping a partition to its disk', () => {
    if (!disk) return;
    expect(existsSync(`/sys/dev/block/${disk.major}:${disk.minor}/partition`)).toBe(false);
    expect(existsSync(`/sys/dev/block/${disk.major}:${disk.minor}`)).toBe(true);
  });

  it('resolves a block device node, and refuses other files', () => {
    const host = readHostInfo(repo);
    if (disk) {
      const node = `/dev/block/${disk.major}:${disk.minor}`;
      if (existsSync(node)) expect(host.blockDeviceOfNode(node)).toEqual({device: disk});
    }
    expect(host.blockDeviceOfNode('/dev/null')).toEqual({problem: '/dev/null is not a block device'});
    expect(host.blockDeviceOfNode('/dev/islander-nope')).toEqual({problem: '/dev/islander-nope does not exist'});
  });

  it('refuses a store on tmpfs', () => {
    const lookup = readHostInfo('/dev/shm/islander-store-that-does-not-exist').storeBlockDevice();
    expect(lookup).toEqual({problem: expect.stringContaining('tmpfs')});
  });

  it('lists the online CPUs', () => {
    expect(readHostInfo(repo).onlineCpus.length).toBeGreaterThan(0);
  });
});
