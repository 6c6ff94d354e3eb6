import {IslanderError} from '../errors.js';
import type {OciLinuxResources, OciThrottleDevice} from '../runtime/oci.js';
import {deviceRuleLine, effectiveDeviceRules} from './devices.js';
import type {CgroupWrite, V1Controller} from './types.js';

/**
 * linux.resources → the cgroup v1 files to write, in order. Pure: the driver decides what the host lacks
 * (memory.memsw.* without swap accounting) and performs the writes.
 *
 * Order within a controller matters: cfs_period before cfs_quota (the kernel checks quota against the period),
 * and memory.limit_in_bytes before memory.memsw.limit_in_bytes (memsw may never be below the memory limit; see
 * orderV1MemoryWrites for raising an existing limit).
 */
export function v1Writes(resources: OciLinuxResources): CgroupWrite[] {
  // unified holds cgroup v2 files; skipping them would silently drop a setting the user asked for.
  const unified = Object.keys(resources.unified ?? {});
  if (unified.length > 0) {
    throw new IslanderError('usage', `cgroup v1 cannot apply ${unified.join(', ')}: those are cgroup v2 settings`,
      {suggestion: 'drop the flag that asks for it (such as --memory-oom-group), or use a cgroup v2 host'});
  }
  return [
    ...memoryWrites(resources.memory),
    ...cpuWrites(resources.cpu),
    ...cpusetWrites(resources.cpu),
    ...pidsWrites(resources.pids),
    ...blkioWrites(resources.blockIO),
    ...devicesWrites(resources.devices),
  ];
}

function write(controller: V1Controller, file: string, value: number | string): CgroupWrite {
  return {controller, file, value: String(value)};
}

function memoryWrites(memory: OciLinuxResources['memory']): CgroupWrite[] {
  const writes: CgroupWrite[] = [];
  if (memory?.limit !== undefined && memory.limit !== 0) writes.push(write('memory', 'memory.limit_in_bytes', memory.limit));
  if (memory?.swap !== undefined && memory.swap !== 0) writes.push(write('memory', 'memory.memsw.limit_in_bytes', memory.swap));
  if (memory?.reservation !== undefined && memory.reservation !== 0) {
    writes.push(write('memory', 'memory.soft_limit_in_bytes', memory.reservation));
  }
  return writes;
}

/**
 * The kernel refuses memory.limit_in_bytes above memory.memsw.limit_in_bytes, so when an existing group's limit
 * is raised, memsw must grow first; when it is lowered (or set on a new, unlimited group), memory goes first.
 */
export function orderV1MemoryWrites(writes: CgroupWrite[], currentLimitBytes: number): CgroupWrite[] {
  const limit = writes.find((entry) => entry.file === 'memory.limit_in_bytes');
  const swap = writes.find((entry) => entry.file === 'memory.memsw.limit_in_bytes');
  if (!limit || !swap) return writes;
  const newLimit = Number(limit.value);
  const raising = newLimit === -1 || newLimit > currentLimitBytes;
  if (!raising) return writes;
  const others = writes.filter((entry) => entry !== limit && entry !== swap);
  return [swap, limit, ...others];
}

function cpuWrites(cpu: OciLinuxResources['cpu']): CgroupWrite[] {
  const writes: CgroupWrite[] = [];
  if (cpu?.shares !== undefined && cpu.shares !== 0) writes.push(write('cpu', 'cpu.shares', cpu.shares));
  if (cpu?.period !== undefined && cpu.period !== 0) writes.push(write('cpu', 'cpu.cfs_period_us', cpu.period));
  if (cpu?.quota !== undefined && cpu.quota !== 0) writes.push(write('cpu', 'cpu.cfs_quota_us', cpu.quota));
  return writes;
}

function cpusetWrites(cpu: OciLinuxResources['cpu']): CgroupWrite[] {
  const writes: CgroupWrite[] = [];
  if (cpu?.cpus) writes.push(write('cpuset', 'cpuset.cpus', cpu.cpus));
  if (cpu?.mems) writes.push(write('cpuset', 'cpuset.mems', cpu.mems));
  return writes;
}

function pidsWrites(pids: OciLinuxResources['pids']): CgroupWrite[] {
  if (pids === undefined) return [];
  return [write('pids', 'pids.max', pids.limit > 0 ? pids.limit : 'max')];
}

function blkioWrites(blockIO: OciLinuxResources['blockIO']): CgroupWrite[] {
  const lines = (file: string, devices: OciThrottleDevice[] | undefined): CgroupWrite[] =>
    (devices ?? []).map((device) => write('blkio', file, `${device.major}:${device.minor} ${device.rate}`));
  return [
    ...lines('blkio.throttle.read_bps_device', blockIO?.throttleReadBpsDevice),
    ...lines('blkio.throttle.write_bps_device', blockIO?.throttleWriteBpsDevice),
    ...lines('blkio.throttle.read_iops_device', blockIO?.throttleReadIOPSDevice),
    ...lines('blkio.throttle.write_iops_device', blockIO?.throttleWriteIOPSDevice),
  ];
}

function devicesWrites(devices: OciLinuxResources['devices']): CgroupWrite[] {
  return effectiveDeviceRules(devices).map((rule) =>
    write('devices', rule.allow ? 'devices.allow' : 'devices.deny', deviceRuleLine(rule)));
}
