import type {StorePaths} from '../paths.js';
import type {ContainerRecord} from './record.js';
import {reconcile} from './reconcile.js';
import {containerDirs, resolveContainer} from './store.js';
import {imageLowerDirs} from '../image/lower-dirs.js';
import {cgroupDriver} from '../cgroups/index.js';
import type {HostConfig} from './record.js';
import {DEFAULT_SHM_SIZE} from '../runtime/bundle.js';
import type {Ulimit} from './kernel-settings.js';
import {DEFAULT_STOP_TIMEOUT} from './spec.js';
import {inspectMounts, type InspectMount} from './mount-inspect.js';

/** Docker-shaped `inspect` output, so scripts written against `docker inspect` keep working. */
export interface ContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Path: string;
  Args: string[];
  State: {
    Status: string;
    Running: boolean;
    Paused: boolean;
    Restarting: boolean;
    Pid: number;
    /** Like podman's ConmonPid: the container's isle-shim. */
    ShimPid: number;
    ExitCode: number;
    OOMKilled: boolean;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
  };
  Image: string;
  Config: {
    Hostname: string;
    Env: string[];
    Cmd: string[];
    Entrypoint: string[];
    WorkingDir: string;
    User: string;
    Tty: boolean;
    OpenStdin: boolean;
    Image: string;
    Labels: Record<string, string>;
    StopSignal: string;
    StopTimeout: number;
  };
  HostConfig: {
    AutoRemove: boolean;
    Memory: number;
    MemorySwap: number;
    NanoCpus: number;
    CpuShares: number;
    CpuPeriod: number;
    CpuQuota: number;
    CpusetCpus: string;
    PidsLimit: number;
    BlkioDeviceReadBps: Array<{Path: string; Rate: number}>;
    BlkioDeviceWriteBps: Array<{Path: string; Rate: number}>;
    CgroupPaths: string[];
    RestartPolicy: {Name: string; MaximumRetryCount: number};
    Init: boolean;
    LogConfig: {Type: 'json-file'; Config: Record<string, string>};
    ReadonlyRootfs: boolean;
    NetworkMode: string;
    CapAdd: string[];
    CapDrop: string[];
    Ulimits: Ulimit[];
    Sysctls: Record<string, string>;
    ShmSize: number;
    ExtraHosts: string[];
    Dns: string[];
    DnsSearch: string[];
    DnsOptions: string[];
  };
  GraphDriver: {Name: string; Data: {LowerDir: string; UpperDir: string; WorkDir: string; MergedDir: string}};
  Mounts: InspectMount[];
  RestartCount: number;
  LogPath: string;
}

export async function inspectContainer(paths: StorePaths, ref: string): Promise<ContainerInspect> {
  const found = resolveContainer(paths, ref);
  const record = (await reconcile(paths, found)) ?? found;
  return toInspect(paths, record);
}

export function toInspect(paths: StorePaths, record: ContainerRecord): ContainerInspect {
  const {state, config, hostConfig} = record;
  const resources = hostConfig.resources;
  const cpu = resources.cpu ?? {};
  const dirs = containerDirs(paths, record.id);
  const throttle = (list: Array<{major: number; minor: number; rate: number}> | undefined): Array<{Path: string; Rate: number}> =>
    (list ?? []).map((device) => ({Path: `${device.major}:${device.minor}`, Rate: device.rate}));
  return {
    Id: record.id,
    Name: `/${record.name}`,
    Created: record.created,
    Path: record.path,
    Args: record.args,
    State: {
      Status: state.status,
      Running: state.status === 'running',
      Paused: state.status === 'paused',
      Restarting: state.status === 'restarting',
      Pid: state.pid,
      ShimPid: state.shimPid,
      ExitCode: state.exitCode,
      OOMKilled: state.oomKilled,
      Error: state.error,
      StartedAt: state.startedAt || '0001-01-01T00:00:00Z',
      FinishedAt: state.finishedAt || '0001-01-01T00:00:00Z',
    },
    Image: `sha256:${record.image.id}`,
    Config: {
      Hostname: config.hostname,
      Env: config.env,
      Cmd: config.cmd,
      Entrypoint: config.entrypoint,
      WorkingDir: config.workingDir,
      User: config.user,
      Tty: config.tty,
      OpenStdin: config.openStdin,
      Image: config.image,
      Labels: config.labels ?? {},
      StopSignal: config.stopSignal ?? 'SIGTERM',
      StopTimeout: config.stopTimeout ?? DEFAULT_STOP_TIMEOUT,
    },
    HostConfig: {
      AutoRemove: hostConfig.autoRemove,
      Memory: resources.memory?.limit ?? 0,
      MemorySwap: resources.memory?.swap ?? 0,
      NanoCpus: cpu.quota && cpu.period ? Math.round((cpu.quota / cpu.period) * 1e9) : 0,
      CpuShares: cpu.shares ?? 0,
      CpuPeriod: cpu.period ?? 0,
      CpuQuota: cpu.quota ?? 0,
      CpusetCpus: cpu.cpus ?? '',
      PidsLimit: resources.pids?.limit ?? 0,
      BlkioDeviceReadBps: throttle(resources.blockIO?.throttleReadBpsDevice),
      BlkioDeviceWriteBps: throttle(resources.blockIO?.throttleWriteBpsDevice),
      CgroupPaths: cgroupDriver().open(record.id)?.paths ?? [],
      RestartPolicy: {Name: hostConfig.restartPolicy.name, MaximumRetryCount: hostConfig.restartPolicy.maximumRetryCount},
      Init: hostConfig.init,
      LogConfig: {Type: 'json-file', Config: logConfigOf(hostConfig.logConfig)},
      ReadonlyRootfs: hostConfig.readonlyRootfs === true,
      NetworkMode: hostConfig.networkMode ?? 'none',
      CapAdd: hostConfig.capAdd ?? [],
      CapDrop: hostConfig.capDrop ?? [],
      Ulimits: hostConfig.ulimits ?? [],
      Sysctls: hostConfig.sysctls ?? {},
      ShmSize: hostConfig.shmSize ?? DEFAULT_SHM_SIZE,
      ExtraHosts: hostConfig.names?.extraHosts ?? [],
      Dns: hostConfig.names?.dns ?? [],
      DnsSearch: hostConfig.names?.dnsSearch ?? [],
      DnsOptions: hostConfig.names?.dnsOptions ?? [],
    },
    GraphDriver: {
      Name: 'overlay',
      Data: {LowerDir: lowerDirText(paths, record.image.id), UpperDir: dirs.upper, WorkDir: dirs.work, MergedDir: dirs.rootfs},
    },
    Mounts: inspectMounts(paths, hostConfig.mounts ?? []),
    RestartCount: state.restartCount,
    LogPath: dirs.log,
  };
}

function logConfigOf(config: HostConfig['logConfig']): Record<string, string> {
  return config.maxSize > 0 ? {'max-size': String(config.maxSize), 'max-file': String(config.maxFile)} : {};
}

/** Docker's GraphDriver.Data.LowerDir: the layer roots joined by ':', top first; empty if the image is gone. */
function lowerDirText(paths: StorePaths, imageId: string): string {
  try {
    return imageLowerDirs(paths, imageId).join(':');
  } catch {
    return '';
  }
}
