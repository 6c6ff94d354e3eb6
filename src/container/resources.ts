import {IslanderError} from '../errors.js';
import type {OciLinuxResources, OciThrottleDevice} from '../runtime/oci.js';

/**
 * Docker's resource flags, as typed by the user, turned into OCI linux.resources. Everything is validated here,
 * before anything is created, so that a bad value ends `run` with exit code 125 and one clear sentence.
 *
 * Accepted forms (Docker's, made explicit):
 * - sizes and rates: an integer or decimal number, optionally followed by a unit b, k, m, g or t
 *   (case-insensitive, 1024-based), optionally followed by "b" or "ib": 1048576, 512k, 512kb, 500m, 500MiB,
 *   1.5g. Decimals are accepted as Docker accepts them and rounded down to whole bytes.
 * - --memory / --memory-in-bytes: "0" means no limit (as in Docker); otherwise at least 4 MiB.
 * - --memory-swap: memory + swap in total; "-1" = unlimited swap; "0" = as if not given. Needs --memory. When
 *   not given, Docker's default applies: as much swap as memory (total = 2 × memory).
 * - --cpus: a decimal from 0.01 up to the number of online CPUs; becomes quota/period with period 100000 µs.
 * - --cpu-quota: at least 1000 µs, or -1 for no quota. --cpu-period: 1000..1000000 µs. Neither goes with --cpus.
 * - --cpu-shares: 2..262144.
 * - --cpuset-cpus: a list like "0-1,3" of online CPUs.
 * - --pids-limit: a positive integer; "0" and "-1" mean unlimited.
 * - --device-read-bps / --device-write-bps: "DEVICE:RATE" (DEVICE a block device node such as /dev/vda) or just
 *   "RATE", meaning the disk that holds the container store. The kernel throttles whole disks only, so a
 *   partition is mapped to its disk. A rate must be positive.
 * - --memory-oom-group (Islander's own, no Docker equivalent): when the kernel OOM-kills one process of the
 *   container, it kills them all (cgroup v2 memory.oom.group), so no half-dead container keeps running. Refused on
 *   cgroup v1, which has no such setting.
 */
export interface ResourceFlags {
  memory?: string;
  memoryInBytes?: string;
  memorySwap?: string;
  memoryOomGroup?: boolean;
  cpus?: string;
  cpuShares?: string;
  cpuPeriod?: string;
  cpuQuota?: string;
  cpusetCpus?: string;
  pidsLimit?: string;
  deviceReadBps: string[];
  deviceWriteBps: string[];
}

export interface BlockDevice {
  major: number;
  minor: number;
}

/** A block device, or the reason there is none (a sentence fragment naming the path). */
export type BlockDeviceLookup = {device: BlockDevice} | {problem: string};

/** What resource validation needs to know about the machine; src/cgroups/host-info.ts reads the real one. */
export interface HostInfo {
  /** Ids of the online CPUs, ascending. */
  onlineCpus: readonly number[];
  /** The whole disk behind a block device node the user named (/dev/vda1 → the disk /dev/vda). */
  blockDeviceOfNode(path: string): BlockDeviceLookup;
  /** The whole disk holding the container store, where rootfs directories live. */
  storeBlockDevice(): BlockDeviceLookup;
  /** The host's cgroup version; asked only for settings that exist on one version alone. */
  cgroupVersion(): 1 | 2;
}

const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;
const TIB = 1024 * GIB;

export const MIN_MEMORY_BYTES = 4 * MIB;
export const DEFAULT_CPU_PERIOD = 100_000;
const MIN_CPU_SHARES = 2;
const MAX_CPU_SHARES = 262_144;
const MIN_CPU_QUOTA = 1000;
const MIN_CPU_PERIOD = 1000;
const MAX_CPU_PERIOD = 1_000_000;
const NANO = 1_000_000_000;

const FLAG_NAMES: Record<keyof ResourceFlags, string> = {
  memory: '--memory',
  memoryInBytes: '--memory-in-bytes',
  memorySwap: '--memory-swap',
  memoryOomGroup: '--memory-oom-group',
  cpus: '--cpus',
  cpuShares: '--cpu-shares',
  cpuPeriod: '--cpu-period',
  cpuQuota: '--cpu-quota',
  cpusetCpus: '--cpuset-cpus',
  pidsLimit: '--pids-limit',
  deviceReadBps: '--device-read-bps',
  deviceWriteBps: '--device-write-bps',
};

const UNIT_FACTORS: Record<string, number> = {'': 1, b: 1, k: KIB, m: MIB, g: GIB, t: TIB};
const SIZE_PATTERN = /^(\d+(?:\.\d+)?)(?:([kmgt])(?:i?b)?|(b))?$/i;
const SIZE_EXAMPLES = 'use a number with an optional unit b, k, m or g, such as 512k, 500m or 1g';

function refuse(flag: keyof ResourceFlags, value: string, why: string, suggestion?: string): IslanderError {
  return new IslanderError('usage', `${FLAG_NAMES[flag]} "${value}" is refused: ${why}`, {suggestion});
}

/** Parses "500m", "1g", "512kb", "1048576" into bytes, or returns undefined when the text is not a size. */
export function parseByteSize(text: string): number | undefined {
  const match = SIZE_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const unit = (match[2] ?? match[3] ?? '').toLowerCase();
  const bytes = Math.floor(Number(match[1]) * (UNIT_FACTORS[unit] ?? 1));
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}

function sizeFlag(flag: keyof ResourceFlags, value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === undefined) throw refuse(flag, value, 'it is not a size', SIZE_EXAMPLES);
  return bytes;
}

function integerFlag(flag: keyof ResourceFlags, value: string): number {
  const text = value.trim();
  const number = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(number)) {
    throw refuse(flag, value, 'it is not a whole number');
  }
  return number;
}

export function parseResources(flags: ResourceFlags, host: HostInfo): OciLinuxResources {
  const resources: OciLinuxResources = {};
  const memory = parseMemory(flags);
  if (memory) resources.memory = memory;
  const cpu = parseCpu(flags, host);
  if (cpu) resources.cpu = cpu;
  if (flags.pidsLimit !== undefined) resources.pids = {limit: parsePidsLimit(flags.pidsLimit)};
  const blockIO = parseBlockIO(flags, host);
  if (blockIO) resources.blockIO = blockIO;
  if (flags.memoryOomGroup) resources.unified = {'memory.oom.group': oomGroupSetting(host)};
  return resources;
}

/** cgroup v2's memory.oom.group: the OOM killer takes the whole group instead of one process. */
function oomGroupSetting(host: HostInfo): string {
  if (host.cgroupVersion() === 1) {
    throw new IslanderError('usage', '--memory-oom-group is refused: this host uses cgroup v1, which has no ' +
      'group OOM kill (it kills one process at a time)', {suggestion: 'drop --memory-oom-group, or use a cgroup v2 host'});
  }
  return '1';
}

function parseMemory(flags: ResourceFlags): OciLinuxResources['memory'] {
  if (flags.memory !== undefined && flags.memoryInBytes !== undefined) {
    throw new IslanderError('usage', '--memory and --memory-in-bytes are the same setting and were both given',
      {suggestion: 'give only --memory'});
  }
  const memoryFlag = flags.memoryInBytes !== undefined ? 'memoryInBytes' : 'memory';
  const memoryText = flags[memoryFlag];
  const limit = memoryText === undefined ? 0 : sizeFlag(memoryFlag, memoryText);
  if (memoryText !== undefined && limit > 0 && limit < MIN_MEMORY_BYTES) {
    throw refuse(memoryFlag, memoryText, `the minimum memory limit is ${describeMemory(MIN_MEMORY_BYTES)}`,
      'use at least --memory 4m');
  }

  const swapText = flags.memorySwap;
  // -1 = unlimited swap, 0 = not given (Docker's reading), otherwise memory + swap in bytes.
  const swap = swapText === undefined ? 0 : swapText.trim() === '-1' ? -1 : sizeFlag('memorySwap', swapText);
  if (swapText !== undefined && swap !== 0 && limit === 0) {
    throw refuse('memorySwap', swapText, '--memory-swap limits memory and swap together, so it needs --memory',
      'add --memory, or drop --memory-swap');
  }
  if (swapText !== undefined && swap > 0 && swap < limit) {
    throw refuse('memorySwap', swapText, `it is smaller than the ${describeMemory(limit)} memory limit, ` +
      'and --memory-swap counts memory and swap together', 'use a --memory-swap at least as large as --memory');
  }

  if (limit === 0) return undefined;
  // Docker's default when --memory-swap is not given: as much swap as memory.
  const total = swap !== 0 ? swap : 2 * limit;
  return {limit, swap: total};
}

function parseCpu(flags: ResourceFlags, host: HostInfo): OciLinuxResources['cpu'] {
  const cpu: NonNullable<OciLinuxResources['cpu']> = {};
  if (flags.cpus !== undefined) {
    for (const other of ['cpuQuota', 'cpuPeriod'] as const) {
      if (flags[other] !== undefined) {
        throw new IslanderError('usage', `--cpus and ${FLAG_NAMES[other]} both set the CPU quota; give only one`,
          {suggestion: '--cpus 1.5 is the same as --cpu-quota 150000 --cpu-period 100000'});
      }
    }
    cpu.quota = parseCpus(flags.cpus, host.onlineCpus.length);
    cpu.period = DEFAULT_CPU_PERIOD;
  }
  if (flags.cpuQuota !== undefined) {
    const quota = integerFlag('cpuQuota', flags.cpuQuota);
    if (quota !== -1 && quota < MIN_CPU_QUOTA) {
      throw refuse('cpuQuota', flags.cpuQuota, `the quota must be at least ${MIN_CPU_QUOTA} µs (1 ms), or -1 for none`);
    }
    cpu.quota = quota;
  }
  if (flags.cpuPeriod !== undefined) {
    const period = integerFlag('cpuPeriod', flags.cpuPeriod);
    if (period < MIN_CPU_PERIOD || period > MAX_CPU_PERIOD) {
      throw refuse('cpuPeriod', flags.cpuPeriod, `the period must be between ${MIN_CPU_PERIOD} and ${MAX_CPU_PERIOD} µs`);
    }
    cpu.period = period;
  }
  if (flags.cpuShares !== undefined) {
    const shares = integerFlag('cpuShares', flags.cpuShares);
    if (shares < MIN_CPU_SHARES || shares > MAX_CPU_SHARES) {
      throw refuse('cpuShares', flags.cpuShares, `shares must be between ${MIN_CPU_SHARES} and ${MAX_CPU_SHARES}`,
        'the default weight is 1024');
    }
    cpu.shares = shares;
  }
  if (flags.cpusetCpus !== undefined) cpu.cpus = parseCpuset(flags.cpusetCpus, host.onlineCpus);
  return Object.keys(cpu).length > 0 ? cpu : undefined;
}

/** "--cpus 0.5" → quota in µs per 100 ms period, computed from nano-CPUs as Docker does. */
function parseCpus(text: string, onlineCount: number): number {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(trimmed)) throw refuse('cpus', text, 'it is not a decimal number such as 0.5 or 2');
  const nanoCpus = Math.round(Number(trimmed) * NANO);
  if (nanoCpus < NANO / 100) throw refuse('cpus', text, 'the smallest CPU limit is 0.01');
  if (nanoCpus > onlineCount * NANO) {
    throw refuse('cpus', text, `this machine has only ${onlineCount} online CPU${onlineCount === 1 ? '' : 's'}`,
      `use a value up to ${onlineCount}`);
  }
  return Math.floor((nanoCpus * DEFAULT_CPU_PERIOD) / NANO);
}

function parseCpuset(text: string, online: readonly number[]): string {
  const list = text.trim();
  const onlineText = describeCpuList(online);
  for (const part of list.split(',')) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!match) throw refuse('cpusetCpus', text, 'it is not a CPU list such as 0-1,3', `online CPUs: ${onlineText}`);
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) throw refuse('cpusetCpus', text, `the range ${part} runs backwards`);
    for (let id = first; id <= last; id++) {
      if (!online.includes(id)) {
        throw refuse('cpusetCpus', text, `CPU ${id} is not online on this machine`, `online CPUs: ${onlineText}`);
      }
    }
  }
  return list;
}

function describeCpuList(ids: readonly number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < ids.length; i++) {
    const start = ids[i] as number;
    let end = start;
    while (i + 1 < ids.length && ids[i + 1] === end + 1) end = ids[++i] as number;
    ranges.push(start === end ? `${start}` : `${start}-${end}`);
  }
  return ranges.join(',');
}

function parsePidsLimit(text: string): number {
  const limit = integerFlag('pidsLimit', text);
  if (limit < -1) throw refuse('pidsLimit', text, 'use a positive number, or 0 or -1 for no limit');
  return limit <= 0 ? -1 : limit;
}

function parseBlockIO(flags: ResourceFlags, host: HostInfo): OciLinuxResources['blockIO'] {
  const read = flags.deviceReadBps.map((entry) => parseThrottle('deviceReadBps', entry, host));
  const write = flags.deviceWriteBps.map((entry) => parseThrottle('deviceWriteBps', entry, host));
  if (read.length === 0 && write.length === 0) return undefined;
  const blockIO: NonNullable<OciLinuxResources['blockIO']> = {};
  if (read.length > 0) blockIO.throttleReadBpsDevice = lastPerDevice(read);
  if (write.length > 0) blockIO.throttleWriteBpsDevice = lastPerDevice(write);
  return blockIO;
}

function parseThrottle(flag: 'deviceReadBps' | 'deviceWriteBps', entry: string, host: HostInfo): OciThrottleDevice {
  const colon = entry.lastIndexOf(':');
  const devicePath = colon === -1 ? undefined : entry.slice(0, colon);
  const rateText = colon === -1 ? entry : entry.slice(colon + 1);
  const rate = parseByteSize(rateText);
  if (rate === undefined) {
    throw refuse(flag, entry, `"${rateText}" is not a rate`, 'use DEVICE:RATE or RATE, with RATE such as 1mb, 512kb or 10m');
  }
  if (rate === 0) throw refuse(flag, entry, 'the rate must be more than 0 bytes per second');
  if (devicePath === '') throw refuse(flag, entry, 'the device is missing before ":"', 'use DEVICE:RATE, such as /dev/vda:1mb');
  const lookup = devicePath === undefined ? host.storeBlockDevice() : host.blockDeviceOfNode(devicePath);
  if ('problem' in lookup) {
    throw refuse(flag, entry, lookup.problem,
      devicePath === undefined ? 'name the disk explicitly, such as /dev/vda:1mb' : 'name a block device such as /dev/vda');
  }
  return {major: lookup.device.major, minor: lookup.device.minor, rate};
}

/** Docker keeps the last rule given for a device; the kernel would too, one line at a time. */
function lastPerDevice(rules: OciThrottleDevice[]): OciThrottleDevice[] {
  const byDevice = new Map<string, OciThrottleDevice>();
  for (const rule of rules) byDevice.set(`${rule.major}:${rule.minor}`, rule);
  return [...byDevice.values()];
}

/** 524288000 → "500 MiB", 1610612736 → "1.5 GiB": for messages such as "the 500 MiB memory limit was reached". */
export function describeMemory(bytes: number): string {
  const units: Array<[string, number]> = [['TiB', TIB], ['GiB', GIB], ['MiB', MIB], ['KiB', KIB]];
  for (const [name, size] of units) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))} ${name}`;
  }
  return `${bytes} bytes`;
}

/** 1048576 → "1 MiB/s". */
export function describeRate(bytesPerSecond: number): string {
  return `${describeMemory(bytesPerSecond)}/s`;
}

/** quota 50000, period 100000 → "0.5 CPUs". */
export function describeCpuQuota(quota: number, period: number = DEFAULT_CPU_PERIOD): string {
  const cpus = Number((quota / period).toFixed(2));
  return `${cpus} CPU${cpus === 1 ? '' : 's'}`;
}
