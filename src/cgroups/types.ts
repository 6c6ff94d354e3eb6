import type {OciLinuxResources} from '../runtime/oci.js';

/**
 * One interface over cgroup v1 and v2. Each isle's group is `islander/<id>`: under every controller's mount on v1,
 * under the unified mount on v2.
 */
export interface CgroupDriver {
  readonly version: 1 | 2;
  /** Creates the group and applies the limits; throws IslanderError('system') naming the file that failed. */
  create(containerId: string, resources: OciLinuxResources): CgroupHandle;
  /** The existing group of an isle, or undefined when there is none. */
  open(containerId: string): CgroupHandle | undefined;
  /** The group's handle whether it exists yet or not, for its paths (the shim is told them before `create`). */
  handleFor(containerId: string): CgroupHandle;
}

export interface CgroupHandle {
  /** Every directory of the group (v1: one per controller), for inspect and debugging. */
  readonly paths: string[];
  /** The file with the group's `oom_kill` counter (v1 memory.oom_control, v2 memory.events); none without memory. */
  readonly oomFile: string | undefined;
  /** Moves a process into the group, everywhere. (Containers and exec join from inside instead: join.ts.) */
  addProcess(pid: number): void;
  /** How many processes the kernel's OOM killer has killed in this group. */
  oomKillCount(): number;
  stats(): CgroupStats;
  /** Stops every process of the group (v1 freezer, v2 cgroup.freeze); resolves once the kernel says frozen. */
  freeze(): Promise<void>;
  /** Lets a frozen group run again; resolves once the kernel says thawed. */
  thaw(): Promise<void>;
  /** Whether the group is frozen (or freezing) now. */
  isFrozen(): boolean;
  /** Every process in the group (and any group below it), ascending. */
  pids(): number[];
  /** Removes every directory, retrying briefly while exiting tasks still hold it; removing twice is fine. */
  remove(): Promise<void>;
}

export interface CgroupStats {
  cpuUsageNs: number;
  memoryUsageBytes: number;
  /** undefined = no limit. */
  memoryLimitBytes: number | undefined;
  pidsCurrent: number;
  ioReadBytes: number;
  ioWriteBytes: number;
}

/** One write of a limit: the pure translations produce these, the drivers perform them in order. */
export interface CgroupWrite {
  /** v1: the controller whose directory holds the file; v2: undefined. */
  controller?: V1Controller;
  file: string;
  value: string;
}

/** The v1 controllers an isle gets a directory in (cpuacct for usage, freezer for pause and kill-all). */
export const V1_CONTROLLERS = ['cpu', 'cpuacct', 'cpuset', 'memory', 'pids', 'blkio', 'devices', 'freezer'] as const;
export type V1Controller = (typeof V1_CONTROLLERS)[number];

/** The v2 controllers enabled for isles, when the host offers them. */
export const V2_CONTROLLERS = ['cpu', 'cpuset', 'memory', 'pids', 'io'] as const;

/** The parent group of all isles, relative to each mount. */
export const ISLANDER_GROUP = 'islander';
