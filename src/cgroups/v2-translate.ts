import {IslanderError} from '../errors.js';
import type {OciLinuxResources, OciThrottleDevice} from '../runtime/oci.js';
import type {CgroupWrite} from './types.js';

/**
 * linux.resources (whose units are cgroup v1's, as the OCI spec defines them) → the cgroup v2 files to write.
 * Pure, so that every conversion is unit-tested on any host.
 *
 * Device rules have no v2 file: isle-shim enforces them with a BPF program it attaches to the group, from the
 * list the bundle carries (src/cgroups/devices.ts).
 */
export function v2Writes(resources: OciLinuxResources): CgroupWrite[] {
  return [
    ...memoryWrites(resources.memory),
    ...cpuWrites(resources.cpu),
    ...pidsWrites(resources.pids),
    ...ioWrites(resources.blockIO),
    ...unifiedWrites(resources.unified),
  ];
}

function write(file: string, value: number | string): CgroupWrite {
  return {file, value: String(value)};
}

function maxOr(value: number): string {
  return value < 0 ? 'max' : String(value);
}

function memoryWrites(memory: OciLinuxResources['memory']): CgroupWrite[] {
  if (!memory) return [];
  const writes: CgroupWrite[] = [];
  if (memory.limit !== undefined && memory.limit !== 0) writes.push(write('memory.max', maxOr(memory.limit)));
  const swap = swapMaxFromMemsw(memory.swap ?? 0, memory.limit ?? 0);
  if (swap !== undefined) writes.push(write('memory.swap.max', maxOr(swap)));
  if (memory.reservation !== undefined && memory.reservation !== 0) {
    writes.push(write('memory.low', maxOr(memory.reservation)));
  }
  return writes;
}

/**
 * The spec's memory.swap is v1's memsw: memory and swap together. v2's memory.swap.max counts swap alone, so it
 * is memsw − limit (the conversion runc and crun make). 0 means "not set"; -1 means unlimited. A memsw with an
 * unlimited memory limit is taken as the swap amount itself, since there is nothing to subtract.
 */
export function swapMaxFromMemsw(memsw: number, limit: number): number | undefined {
  if (memsw === 0) return limit === -1 ? -1 : undefined;
  if (memsw === -1 || limit === -1) return memsw;
  if (limit === 0) {
    throw new IslanderError('usage', 'a memory+swap limit was given without a memory limit',
      {suggestion: 'add --memory, or drop --memory-swap'});
  }
  if (memsw < limit) {
    throw new IslanderError('usage', `the memory+swap limit ${memsw} is below the memory limit ${limit}`,
      {suggestion: 'use a --memory-swap at least as large as --memory'});
  }
  return memsw - limit;
}

const DEFAULT_PERIOD_US = 100_000;

function cpuWrites(cpu: OciLinuxResources['cpu']): CgroupWrite[] {
  if (!cpu) return [];
  const writes: CgroupWrite[] = [];
  if (cpu.shares !== undefined && cpu.shares !== 0) writes.push(write('cpu.weight', cpuSharesToWeight(cpu.shares)));
  const hasQuota = cpu.quota !== undefined && cpu.quota !== 0;
  const hasPeriod = cpu.period !== undefined && cpu.period !== 0;
  if (hasQuota || hasPeriod) {
    const quota = hasQuota && (cpu.quota as number) > 0 ? String(cpu.quota) : 'max';
    writes.push(write('cpu.max', `${quota} ${hasPeriod ? cpu.period : DEFAULT_PERIOD_US}`));
  }
  if (cpu.cpus) writes.push(write('cpuset.cpus', cpu.cpus));
  if (cpu.mems) writes.push(write('cpuset.mems', cpu.mems));
  return writes;
}

function pidsWrites(pids: OciLinuxResources['pids']): CgroupWrite[] {
  return pids === undefined ? [] : [write('pids.max', pids.limit > 0 ? pids.limit : 'max')];
}

const MIN_SHARES = 2;
const MAX_SHARES = 262_144;
const MAX_WEIGHT = 10_000;

/**
 * cpu.shares (v1: 2..262144, default 1024) → cpu.weight (v2: 1..10000, default 100).
 *
 * Older runc and crun mapped the ranges linearly, 1 + (shares − 2) × 9999 / 262142, which turns Docker's default
 * 1024 into 39 instead of v2's default 100, so an isle with default shares got less CPU than its neighbours.
 * Current runc (opencontainers/cgroups ConvertCPUSharesToCgroupV2Value, runc PR #4785) and crun (issue #1721)
 * use a curve that maps all three anchor points: with l = log2(shares),
 *     weight = ceil(10 ^ ((l² + 125·l) / 612 − 7/34))
 * so 2 → 1, 1024 → 100, 262144 → 10000 (it is a quadratic in log space through those three points).
 */
export function cpuSharesToWeight(shares: number): number {
  if (shares <= MIN_SHARES) return 1;
  if (shares >= MAX_SHARES) return MAX_WEIGHT;
  const l = Math.log2(shares);
  const exponent = (l * l + 125 * l) / 612 - 7 / 34;
  return Math.ceil(10 ** exponent);
}

/**
 * linux.resources.unified, last so that it overrides the translated fields as the spec says. Each key must be a
 * file of the group itself ("memory.oom.group"): a path could climb out of the group, and the cgroup.* core files
 * (procs, subtree_control, kill) belong to the driver.
 */
function unifiedWrites(unified: OciLinuxResources['unified']): CgroupWrite[] {
  return Object.entries(unified ?? {}).map(([file, value]) => {
    if (!/^[a-z]+\.[a-z0-9_.]+$/.test(file) || file.startsWith('cgroup.')) {
      throw new IslanderError('usage', `linux.resources.unified names "${file}", which is not a cgroup v2 controller file`,
        {suggestion: 'use a file of the group itself, such as memory.oom.group'});
    }
    return write(file, value);
  });
}

interface IoLimits {
  rbps?: number;
  wbps?: number;
  riops?: number;
  wiops?: number;
}

/** One io.max line per device, "254:0 rbps=1048576 wbps=2097152"; keys not written keep their value ("max"). */
function ioWrites(blockIO: OciLinuxResources['blockIO']): CgroupWrite[] {
  if (!blockIO) return [];
  const byDevice = new Map<string, IoLimits>();
  const collect = (key: keyof IoLimits, devices: OciThrottleDevice[] | undefined): void => {
    for (const device of devices ?? []) {
      const id = `${device.major}:${device.minor}`;
      byDevice.set(id, {...byDevice.get(id), [key]: device.rate});
    }
  };
  collect('rbps', blockIO.throttleReadBpsDevice);
  collect('wbps', blockIO.throttleWriteBpsDevice);
  collect('riops', blockIO.throttleReadIOPSDevice);
  collect('wiops', blockIO.throttleWriteIOPSDevice);
  return [...byDevice].map(([id, limits]) => {
    const settings = (Object.keys(limits) as Array<keyof IoLimits>).map((key) => `${key}=${limits[key]}`);
    return write('io.max', `${id} ${settings.join(' ')}`);
  });
}
