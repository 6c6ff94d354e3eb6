import type {OciLinuxResources} from '../runtime/oci.js';
import type {Ulimit} from './kernel-settings.js';
import type {MountSpec} from './mount-spec.js';
import type {NameResolution} from './name-resolution.js';

/**
 * A container's lifecycle, as one enum with its allowed transitions (podman's containerstate, Docker's names).
 * `created`: record written, never started (or its start failed before the process ran).
 * `running`: its shim reported the process started. `paused`: frozen by the freezer cgroup.
 * `restarting`: its shim is waiting to restart it under a restart policy.
 * `exited`: the process ended; exit code and OOM recorded by the shim in exit.json.
 * `removing`: rm in progress — a record left in this state by a killed command is finished by the next command.
 * The shim's files (shim.json, exit.json) are the truth while a container runs; reconcile.ts folds them in.
 */
export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'exited' | 'removing';

export const ALLOWED_TRANSITIONS: Record<ContainerStatus, readonly ContainerStatus[]> = {
  created: ['running', 'exited', 'removing'],
  running: ['paused', 'restarting', 'exited', 'removing'],
  paused: ['running', 'exited', 'removing'],
  restarting: ['running', 'exited', 'removing'],
  exited: ['running', 'removing'],
  removing: [],
};

export interface ContainerState {
  status: ContainerStatus;
  /** Host pid of the container's PID 1 while running. */
  pid: number;
  /** Host pid of the container's isle-shim, and its start time in clock ticks (/proc/PID/stat field 22), so a
   * reused pid is not mistaken for it. */
  shimPid: number;
  shimStartTime: number;
  exitCode: number;
  oomKilled: boolean;
  startedAt: string;
  finishedAt: string;
  restartCount: number;
  /** Why the container did not start or ended abnormally, one sentence. */
  error: string;
}

/** What the user asked for, kept for inspect and for every later start. */
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
  /** The image's labels with -l/--label over them (absent in records written before labels existed). */
  labels?: Record<string, string>;
  /** --stop-signal, --stop-timeout (absent in older records: SIGTERM, 10 s). */
  stopSignal?: NodeJS.Signals;
  stopTimeout?: number;
}

export type RestartPolicyName = 'no' | 'always' | 'unless-stopped' | 'on-failure';

export interface HostConfig {
  autoRemove: boolean;
  resources: OciLinuxResources;
  restartPolicy: {name: RestartPolicyName; maximumRetryCount: number};
  init: boolean;
  logConfig: {maxSize: number; maxFile: number};
  /** -v, --mount and --tmpfs, validated (absent in records written before mounts existed). */
  mounts?: MountSpec[];
  /** --read-only: the rootfs is mounted read-only. */
  readonlyRootfs?: boolean;
  /** --network: a network namespace of its own with loopback only (none; absent in older records), or the host's. */
  networkMode?: NetworkMode;
  /** --cap-add, --cap-drop, normalized (absent in older records: the defaults). */
  capAdd?: string[];
  capDrop?: string[];
  /** --ulimit, --sysctl, --shm-size (absent in older records: none, none, 64 MiB). */
  ulimits?: Ulimit[];
  sysctls?: Record<string, string>;
  shmSize?: number;
  /** --add-host and --dns* (absent in older records: none). */
  names?: NameResolution;
}

export type NetworkMode = 'none' | 'host';

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
}

export function emptyState(): ContainerState {
  return {status: 'created', pid: 0, shimPid: 0, shimStartTime: 0, exitCode: 0, oomKilled: false, startedAt: '', finishedAt: '', restartCount: 0, error: ''};
}

/** A live container: its process exists (running, paused, or between restarts). */
export function isActive(status: ContainerStatus): boolean {
  return status === 'running' || status === 'paused' || status === 'restarting';
}
