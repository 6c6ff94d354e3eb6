import {readFileSync} from 'node:fs';
import {arch, cpus, hostname, release, totalmem} from 'node:os';
import {join} from 'node:path';
import {cgroupDriver} from '../cgroups/index.js';
import {listReconciled} from '../container/list.js';
import {listImages, storageDriver} from '../image/index.js';
import {libexecPath, packageRoot, type StorePaths} from '../paths.js';
import {listVolumes} from '../volume/store.js';

/** `islander info`, under `docker info`'s field names: what this host gives Islander, and what the store holds. */
export interface SystemInfo {
  Name: string;
  ServerVersion: string;
  Containers: number;
  ContainersRunning: number;
  ContainersPaused: number;
  ContainersStopped: number;
  Images: number;
  Volumes: number;
  Driver: 'overlay' | 'vfs';
  CgroupDriver: 'cgroupfs';
  /** '' when no cgroup hierarchy is mounted (containers cannot start then). */
  CgroupVersion: '1' | '2' | '';
  KernelVersion: string;
  OperatingSystem: string;
  OSType: 'linux';
  Architecture: string;
  NCPU: number;
  MemTotal: number;
  DockerRootDir: string;
  RunRoot: string;
  Runtime: string;
}

export async function systemInfo(paths: StorePaths): Promise<SystemInfo> {
  const containers = await listReconciled(paths, {all: true});
  const count = (...states: string[]): number => containers.filter((record) => states.includes(record.state.status)).length;
  return {
    Name: hostname(),
    ServerVersion: islanderVersion(),
    Containers: containers.length,
    ContainersRunning: count('running', 'restarting'),
    ContainersPaused: count('paused'),
    ContainersStopped: count('created', 'exited'),
    Images: listImages(paths).length,
    Volumes: listVolumes(paths).length,
    Driver: storageDriver(),
    CgroupDriver: 'cgroupfs',
    CgroupVersion: cgroupVersion(),
    KernelVersion: release(),
    OperatingSystem: operatingSystem(),
    OSType: 'linux',
    Architecture: arch() === 'x64' ? 'x86_64' : arch() === 'arm64' ? 'aarch64' : arch(),
    NCPU: cpus().length,
    MemTotal: totalmem(),
    DockerRootDir: paths.root,
    RunRoot: paths.runRoot,
    Runtime: libexecPath('isle-init'),
  };
}

export function islanderVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version;
}

function cgroupVersion(): SystemInfo['CgroupVersion'] {
  try {
    return cgroupDriver().version === 2 ? '2' : '1';
  } catch {
    return '';
  }
}

function operatingSystem(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'Linux';
  } catch {
    return 'Linux';
  }
}
