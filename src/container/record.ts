import type {OciLinuxResources} from '../runtime/oci.js';

/**
 * A container's lifecycle, as one enum with its allowed transitions (podman's containerstate, Docker's names).
 * `created`: record and bundle written, process not started. `running`: isle-init reported the process started.
 * `exited`: the process ended (or never started); exit code and OOM recorded. `removing`: rm in progress — a record
 * left in this state by a killed command is finished off by the next `rm` or `ps`.
 */
export type ContainerStatus = 'created' | 'running' | 'exited' | 'removing';

export const ALLOWED_TRANSITIONS: Record<ContainerStatus, readonly ContainerStatus[]> = {
  created: ['running', 'exited', 'removing'],
  running: ['exited', 'removing'],
  exited: ['removing'],
  removing: [],
};

export interface ContainerState {
  status: ContainerStatus;
  /** Host pid of the container's PID 1 while running. */
  pid: number;
  /** Host pid of the isle-init monitor that waits for it. */
  monitorPid: number;
  /** The monitor's start time in clock ticks (/proc/PID/stat), so a reused pid is not mistaken for it. */
  monitorStartTime: number;
  /** The CLI process that created the container and is starting it (its pid and start time). */
  ownerPid: number;
  ownerStartTime: number;
  exitCode: number;
  oomKilled: boolean;
  startedAt: string;
  finishedAt: string;
  /** Why the container did not start or ended abnormally, one sentence. */
  error: string;
}

/** What the user asked for, kept for inspect and for a later start. */
export interface ContainerConfig {
  image: string;
  entrypoint: string[];
  cmd: string[];
  env: string[];
  workingDir: string;
  user: string;
  hostname: string;
  tty: boolean;
  openStdin: boolean;
}

export interface HostConfig {
  autoRemove: boolean;
  resources: OciLinuxResources;
}

export interface ContainerRecord {
  id: string;
  name: string;
  created: string;
  image: {id: string; name: string};
  path: string;
  args: string[];
  config: ContainerConfig;
  hostConfig: HostConfig;
  state: ContainerState;
  cgroupPaths: string[];
}

export function emptyState(): ContainerState {
  return {status: 'created', pid: 0, monitorPid: 0, monitorStartTime: 0, ownerPid: 0, ownerStartTime: 0, exitCode: 0, oomKilled: false, startedAt: '', finishedAt: '', error: ''};
}
