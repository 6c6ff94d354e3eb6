import {join} from 'node:path';
import type {CgroupDriver, CgroupHandle} from './types.js';

/**
 * How a runtime process (isle-shim, isle-exec) enters a container's group and where it reads the OOM count:
 * on v1 the process writes itself into each controller's `tasks` file; on v2 the shim clones straight into the
 * group's directory (clone3 CLONE_INTO_CGROUP). Both skip the kernel's costly threadgroup migration
 * (runtime-c/PROTOCOL.md, "Joining a cgroup").
 */
export interface CgroupJoin {
  /** v1 only: the files the container init writes itself into. */
  joinFiles: string[];
  unifiedDir: string | undefined;
  oomFile: string | undefined;
  oomKey: 'oom_kill';
}

export function joinTarget(driver: CgroupDriver, handle: CgroupHandle): CgroupJoin {
  if (driver.version === 2) {
    const dir = handle.paths[0]!;
    return {joinFiles: [], unifiedDir: dir, oomFile: handle.oomFile, oomKey: 'oom_kill'};
  }
  return {joinFiles: selfJoinFiles(driver, handle), unifiedDir: undefined, oomFile: handle.oomFile, oomKey: 'oom_kill'};
}

/** The files a process writes "0" into to join the group itself: each v1 controller's tasks, or v2's cgroup.procs. */
export function selfJoinFiles(driver: CgroupDriver, handle: CgroupHandle): string[] {
  if (driver.version === 2) return [join(handle.paths[0]!, 'cgroup.procs')];
  return handle.paths.map((dir) => join(dir, 'tasks'));
}
