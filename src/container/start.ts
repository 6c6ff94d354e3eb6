import {existsSync} from 'node:fs';
import {cgroupDriver, type CgroupHandle} from '../cgroups/index.js';
import {joinTarget} from '../cgroups/join.js';
import {IslanderError, isIslanderError} from '../errors.js';
import {resolveImageUser} from './image-user.js';
import {rootfsLayers} from './rootfs-layers.js';
import {cliCommand, type StorePaths} from '../paths.js';
import {buildSpec, writeBundle} from '../runtime/bundle.js';
import {launchShim, type ShimLaunch, type ShimSpawned, type ShimStarted} from '../runtime/shim.js';
import {ensureDir} from '../util/atomic.js';
import {traceMark} from '../util/trace.js';
import {effectiveCapabilities} from './capabilities.js';
import {writeEtcFiles} from './etc-files.js';
import {ociRlimits} from './kernel-settings.js';
import {ociMounts} from './mount-setup.js';
import {isActive, type ContainerRecord} from './record.js';
import {restartArgument} from './spec.js';
import {containerDirs, deleteContainer, saveContainer, transition} from './store.js';
import {removeFile, removeTree} from '../util/remove-tree.js';

const CGROUP_NAMESPACE = existsSync('/proc/self/ns/cgroup');

export interface StartOptions {
  /** Connect the container's stdin (`-i` while attached). */
  stdin: boolean;
  /** The attached terminal's size, for a container with a tty. */
  consoleSize?: {height: number; width: number};
  /** The caller leaves once the container started (detachFromShim) instead of attaching. */
  detach: boolean;
}

/**
 * Spawns the container's shim ahead of its start (runtime/shim.ts, launchShim): everything it is told is known from
 * the record, and it waits for `start` before it reads any of it.
 */
export function launchContainerShim(paths: StorePaths, record: ContainerRecord, options: {stdin: boolean; detach: boolean}): ShimLaunch {
  const dirs = containerDirs(paths, record.id);
  const driver = cgroupDriver();
  return launchShim({
    id: record.id,
    bundle: dirs.bundle,
    stateDir: dirs.runDir,
    logFile: dirs.log,
    exitFile: dirs.exitFile,
    args: [record.path, ...record.args],
    stdin: options.stdin,
    cgroup: joinTarget(driver, driver.handleFor(record.id)),
    restart: restartArgument(record.hostConfig.restartPolicy),
    init: record.hostConfig.init,
    autoRemove: record.hostConfig.autoRemove,
    // --rm without a CLI attached at the end (-d, or a CLI that was killed): removed at once, as Docker does.
    exitCommand: record.hostConfig.autoRemove ? cliCommand(paths, ['rm', record.id]) : undefined,
    detached: options.detach,
    log: record.hostConfig.logConfig,
  });
}

/**
 * Starts a created or exited container: writes its runtime directory (bundle, /etc files), creates its cgroup
 * with the limits, and hands it to a new isle-shim. Resolves once the process has exec'd, with the start socket:
 * attach to the container's stdio through it (attachConnection), or leave the container to run on its own
 * (detachFromShim). `shim`: one launched for this start already (`run` spawns it before it writes the record).
 * A start that fails leaves the container exited with the reason, or removed with --rm.
 */
export async function startContainer(paths: StorePaths, record: ContainerRecord, options: StartOptions & {shim?: ShimLaunch}): Promise<ShimStarted> {
  if (isActive(record.state.status)) {
    options.shim?.abandon();
    throw new IslanderError('conflict', `container '${record.name}' is already ${record.state.status}`);
  }
  const shim = options.shim ?? launchContainerShim(paths, record, options);
  const dirs = containerDirs(paths, record.id);
  const driver = cgroupDriver();
  let cgroup: CgroupHandle;
  try {
    removeTree(dirs.runDir);
    removeFile(dirs.exitFile);
    ensureDir(dirs.rootfs);
    const hostNetwork = record.hostConfig.networkMode === 'host';
    const etcFiles = writeEtcFiles(dirs.runDir, record.config.hostname, hostNetwork,
      record.hostConfig.names ?? {extraHosts: [], dns: [], dnsSearch: [], dnsOptions: []});
    writeBundle(dirs.bundle, buildSpec({
      args: [record.path, ...record.args],
      env: record.config.env,
      cwd: record.config.workingDir,
      ...resolveImageUser(paths, record.image.id, record.config.user ?? ''),
      hostname: record.config.hostname,
      terminal: record.config.tty,
      consoleSize: options.consoleSize,
      layers: rootfsLayers(paths, record, dirs),
      etcFiles,
      resources: record.hostConfig.resources,
      cgroupsPath: `islander/${record.id}`,
      cgroupNamespace: CGROUP_NAMESPACE,
      hostNetwork,
      capabilities: effectiveCapabilities(record.hostConfig.capAdd ?? [], record.hostConfig.capDrop ?? []),
      rlimits: ociRlimits(record.hostConfig.ulimits ?? []),
      sysctl: record.hostConfig.sysctls,
      shmSize: record.hostConfig.shmSize,
      userMounts: ociMounts(paths, record.hostConfig.mounts ?? []),
      readonlyRootfs: record.hostConfig.readonlyRootfs === true,
    }));
    traceMark('bundle written');
    // A container that ran before may have left its group (a shim that died); a new one has none to look for.
    if (record.state.status !== 'created') await driver.open(record.id)?.remove();
    cgroup = driver.create(record.id, record.hostConfig.resources);
    traceMark('cgroup created');
  } catch (error) {
    shim.abandon();
    recordStartFailure(paths, record, error);
    throw error;
  }
  let started: ShimStarted;
  try {
    // While the container's init builds its rootfs, the record is written as running (PROTOCOL.md, `spawned`).
    started = shim.start((spawned) => recordRunning(paths, record, spawned));
  } catch (error) {
    await cgroup.remove();
    recordStartFailure(paths, record, error);
    throw error;
  }
  traceMark('started');
  return started;
}

function recordRunning(paths: StorePaths, record: ContainerRecord, spawned: ShimSpawned): void {
  transition(record, 'running');
  Object.assign(record.state, {
    pid: spawned.pid,
    shimPid: spawned.shimPid,
    shimStartTime: spawned.shimStartTime,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    exitCode: 0,
    oomKilled: false,
    error: '',
    restartCount: 0,
  });
  saveContainer(paths, record);
}

/** A start that failed leaves an exited container with the reason (or nothing, with --rm), as Docker does. */
function recordStartFailure(paths: StorePaths, record: ContainerRecord, error: unknown): void {
  transition(record, 'exited');
  Object.assign(record.state, {
    pid: 0,
    shimPid: 0,
    shimStartTime: 0,
    exitCode: isIslanderError(error) ? error.exitCode : 125,
    error: error instanceof Error ? error.message : String(error),
    finishedAt: new Date().toISOString(),
  });
  if (record.hostConfig.autoRemove) deleteContainer(paths, record);
  else saveContainer(paths, record);
}
