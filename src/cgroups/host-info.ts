import {existsSync, readFileSync, realpathSync, statSync, statfsSync} from 'node:fs';
import {cpus} from 'node:os';
import {dirname, join} from 'node:path';
import {isErrno} from '../errors.js';
import type {BlockDevice, BlockDeviceLookup, HostInfo} from '../container/resources.js';
import {cgroupDriver} from './detect.js';

/**
 * The real HostInfo for resource validation: online CPUs from sysfs, and block devices by stat + /sys/dev/block.
 * Throttling is per whole disk (the kernel's blk-throttle ignores partitions), so partitions map to their disk.
 */
export function readHostInfo(storeDir: string): HostInfo {
  return {
    onlineCpus: onlineCpus(),
    blockDeviceOfNode,
    storeBlockDevice: () => blockDeviceBacking(storeDir),
    cgroupVersion: () => cgroupDriver().version,
  };
}

/** "0-3,6" from /sys/devices/system/cpu/online → [0, 1, 2, 3, 6]. */
export function parseCpuList(text: string): number[] {
  const ids: number[] = [];
  for (const part of text.trim().split(',').filter(Boolean)) {
    const [first, last = first] = part.split('-').map(Number);
    for (let id = first as number; id <= (last as number); id++) ids.push(id);
  }
  return ids;
}

function onlineCpus(): number[] {
  try {
    return parseCpuList(readFileSync('/sys/devices/system/cpu/online', 'utf8'));
  } catch {
    return cpus().map((_, index) => index);
  }
}

/** Linux's dev_t encoding (glibc's gnu_dev_major/minor), for the 64-bit values stat returns. */
export function decodeDevice(dev: bigint): BlockDevice {
  const major = ((dev >> 8n) & 0xfffn) | ((dev >> 32n) & ~0xfffn);
  const minor = (dev & 0xffn) | ((dev >> 12n) & ~0xffn);
  return {major: Number(major), minor: Number(minor)};
}

export function blockDeviceOfNode(path: string): BlockDeviceLookup {
  let stats;
  try {
    stats = statSync(path, {bigint: true});
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return {problem: `${path} does not exist`};
    throw error;
  }
  if (!stats.isBlockDevice()) return {problem: `${path} is not a block device`};
  return {device: wholeDisk(decodeDevice(stats.rdev))};
}

// statfs magic numbers of filesystems that have no block device of their own.
const DEVICELESS_FILESYSTEMS: Record<number, string> = {
  0x01021994: 'tmpfs',
  0x794c7630: 'overlay',
  0x9123683e: 'btrfs',
  0x6969: 'nfs',
  0x2fc12fc1: 'zfs',
  0x65735546: 'fuse',
};

/** The disk holding `dir` (or its nearest existing ancestor, since the store may not be created yet). */
export function blockDeviceBacking(dir: string): BlockDeviceLookup {
  let existing = dir;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const device = decodeDevice(statSync(existing, {bigint: true}).dev);
  if (device.major === 0) {
    const fsName = DEVICELESS_FILESYSTEMS[statfsSync(existing).type] ?? 'virtual';
    return {problem: `the container store ${dir} is on a ${fsName} filesystem, which has no block device to throttle`};
  }
  return {device: wholeDisk(device)};
}

/** /sys/dev/block/M:m of a partition has a `partition` file, and its parent directory is the disk. */
function wholeDisk(device: BlockDevice): BlockDevice {
  const sysDir = `/sys/dev/block/${device.major}:${device.minor}`;
  if (!existsSync(join(sysDir, 'partition'))) return device;
  const diskDev = readFileSync(join(dirname(realpathSync(sysDir)), 'dev'), 'utf8').trim();
  const [major, minor] = diskDev.split(':').map(Number);
  return {major: major as number, minor: minor as number};
}
