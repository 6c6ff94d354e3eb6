import {existsSync} from 'node:fs';
import {join} from 'node:path';
import type {CgroupDriver, CgroupHandle} from './types.js';

/**
 * How a runtime process (isle-shim, isle-exec) enters a container's group and where it reads the OOM count:
 * v1 writes the pid into each controller's cgroup.procs; v2 clones straight into the group's directory
 * (clone3 CLONE_INTO_CGROUP, which also skips the kernel's costly migration path).
 */
export interface CgroupJoin {
  procsFiles: string[];
  unifiedDir: string | undefined;
  oomFile: string | undefined;
  oomKey: 'oom_kill';
}

export function joinTarget(driver: CgroupDriver, handle: CgroupHandle): CgroupJoin {
  if (driver.version === 2) {
    const dir = handle.paths[0]!;
    return {procsFiles: [], unifiedDir: dir, oomFile: join(dir, 'memory.events'), oomKey: 'oom_kill'};
  }
  const memoryDir = handle.paths.find((dir) => existsSync(join(dir, 'memory.oom_control')));
  return {
    procsFiles: handle.paths.map((dir) => join(dir, 'cgroup.procs')),
    unifiedDir: undefined,
    oomFile: memoryDir ? join(memoryDir, 'memory.oom_control') : undefined,
    oomKey: 'oom_kill',
  };
}
