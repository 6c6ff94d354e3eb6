import {existsSync, readFileSync, statfsSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError} from '../errors.js';
import {V1_CONTROLLERS, type CgroupDriver, type V1Controller} from './types.js';
import {V1Driver} from './v1.js';
import {V2Driver} from './v2.js';

const CGROUP_MOUNT = '/sys/fs/cgroup';
const CGROUP2_SUPER_MAGIC = 0x63677270;

let cached: CgroupDriver | undefined;

/**
 * The host's cgroup driver, detected once per process. Pure v2 means /sys/fs/cgroup itself is cgroup2; a hybrid
 * host (v1 controllers, plus a cgroup2 mount at /sys/fs/cgroup/unified holding no controllers) is v1.
 * ISLANDER_CGROUP_ROOT names another mount root: v2 if it has cgroup.controllers, else v1 with one directory
 * per controller (<root>/memory, <root>/cpu, ...).
 */
export function cgroupDriver(): CgroupDriver {
  cached ??= detectCgroupDriver(process.env.ISLANDER_CGROUP_ROOT || undefined);
  return cached;
}

export function detectCgroupDriver(rootOverride?: string): CgroupDriver {
  if (rootOverride) return driverAtRoot(rootOverride);
  if (statfsSync(CGROUP_MOUNT).type === CGROUP2_SUPER_MAGIC) return new V2Driver(CGROUP_MOUNT);
  const mounts = v1MountsFromMountinfo(readFileSync('/proc/self/mountinfo', 'utf8'));
  if (mounts.size === 0) {
    throw new IslanderError('system', 'no cgroup controllers are mounted, so resource limits cannot be applied',
      {suggestion: 'mount cgroup2 on /sys/fs/cgroup (or the v1 controllers under it)'});
  }
  return new V1Driver(mounts);
}

function driverAtRoot(root: string): CgroupDriver {
  if (existsSync(join(root, 'cgroup.controllers'))) return new V2Driver(root);
  const mounts = new Map<V1Controller, string>();
  for (const controller of V1_CONTROLLERS) {
    const dir = join(root, controller);
    if (existsSync(join(dir, 'cgroup.procs'))) mounts.set(controller, dir);
  }
  return new V1Driver(mounts);
}

/**
 * Where each v1 controller is mounted, from /proc/self/mountinfo lines such as
 * "35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory". Co-mounted controllers
 * ("rw,cpu,cpuacct") share one directory. The first mount of a controller wins.
 */
export function v1MountsFromMountinfo(mountinfo: string): Map<V1Controller, string> {
  const mounts = new Map<V1Controller, string>();
  for (const line of mountinfo.split('\n')) {
    const [before, after] = line.split(' - ');
    if (!before || !after) continue;
    const [fsType, , superOptions = ''] = after.split(' ');
    if (fsType !== 'cgroup') continue;
    const mountPoint = unescapeMountinfo(before.split(' ')[4] ?? '');
    for (const option of superOptions.split(',')) {
      const controller = V1_CONTROLLERS.find((name) => name === option);
      if (controller && !mounts.has(controller)) mounts.set(controller, mountPoint);
    }
  }
  return mounts;
}

/** mountinfo writes space, tab, newline and backslash in paths as octal escapes (\040). */
function unescapeMountinfo(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}
