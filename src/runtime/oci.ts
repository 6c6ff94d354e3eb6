/**
 * The subset of the OCI runtime-spec (config.json) that Islander writes and isle-init reads. Field names are the
 * spec's own; the bundle is the contract between the control plane and the runtime.
 */
export interface OciSpec {
  ociVersion: string;
  process: OciProcess;
  root: {path: string; readonly?: boolean};
  hostname?: string;
  mounts: OciMount[];
  annotations?: Record<string, string>;
  linux: OciLinux;
}

export interface OciProcess {
  terminal?: boolean;
  consoleSize?: {height: number; width: number};
  args: string[];
  env: string[];
  cwd: string;
  user: {uid: number; gid: number; additionalGids?: number[]};
  capabilities?: {
    bounding: string[];
    effective: string[];
    permitted: string[];
    inheritable?: string[];
    ambient?: string[];
  };
  rlimits?: Array<{type: string; hard: number; soft: number}>;
  noNewPrivileges?: boolean;
  oomScoreAdj?: number;
}

export interface OciMount {
  destination: string;
  type: string;
  source: string;
  options?: string[];
}

export type OciNamespaceType = 'pid' | 'network' | 'mount' | 'ipc' | 'uts' | 'user' | 'cgroup';

export interface OciLinux {
  namespaces: Array<{type: OciNamespaceType; path?: string}>;
  cgroupsPath?: string;
  resources?: OciLinuxResources;
  maskedPaths?: string[];
  readonlyPaths?: string[];
  devices?: OciDevice[];
  sysctl?: Record<string, string>;
  rootfsPropagation?: string;
}

export interface OciDevice {
  path: string;
  type: 'c' | 'b' | 'u' | 'p';
  major: number;
  minor: number;
  fileMode?: number;
  uid?: number;
  gid?: number;
}

/** linux.resources: what the cgroup drivers apply. Values use the spec's units (bytes, microseconds, shares). */
export interface OciLinuxResources {
  memory?: {
    limit?: number;        // bytes
    swap?: number;         // memory+swap bytes (v1 semantics, as in the spec); -1 = unlimited
    reservation?: number;
  };
  cpu?: {
    shares?: number;       // v1 cpu.shares (2..262144)
    quota?: number;        // microseconds per period
    period?: number;       // microseconds
    cpus?: string;         // cpuset list, "0-1,3"
    mems?: string;
  };
  pids?: {limit: number};  // -1 or 0 = unlimited
  blockIO?: {
    throttleReadBpsDevice?: OciThrottleDevice[];
    throttleWriteBpsDevice?: OciThrottleDevice[];
    throttleReadIOPSDevice?: OciThrottleDevice[];
    throttleWriteIOPSDevice?: OciThrottleDevice[];
  };
  devices?: Array<{allow: boolean; type?: 'a' | 'c' | 'b'; major?: number; minor?: number; access?: string}>;
  /**
   * The spec's linux.resources.unified: cgroup v2 files written verbatim into the container's group, for settings
   * the v1-shaped fields above cannot express (Islander uses it for memory.oom.group). cgroup v1 has no such
   * files, so a spec carrying it is refused on v1 hosts.
   */
  unified?: Record<string, string>;
}

export interface OciThrottleDevice {
  major: number;
  minor: number;
  rate: number; // bytes (or IOs) per second
}
