import {existsSync, rmSync} from 'node:fs';
import {cgroupDriver} from '../cgroups/index.js';
import {joinTarget} from '../cgroups/join.js';
import {IslanderError} from '../errors.js';
import {resolveImageUser} from './image-user.js';
import {rootfsLayers} from './rootfs-layers.js';
import type {StorePaths} from '../paths.js';
import {buildSpec, writeBundle} from '../runtime/bundle.js';
import {readShimState} from '../runtime/shim-files.js';
import {startShim, type ShimStarted} from '../runtime/shim.js';
import {ensureDir} from '../util/atomic.js';
import {traceMark} from '../util/trace.js';
import {writeEtcFiles} from './etc-files.js';
import {ociMounts} from './mount-setup.js';
import {isActive, type ContainerRecord} from './record.js';
import {restartArgument} from './spec.js';
import {containerDirs, saveContainer, transition} from './store.js';
import {removeTree} from '../util/remove-tree.js';

const CGROUP_NAMESPACE = existsSync('/proc/self/ns/cgroup');

/**
 * Starts a created or exited container: writes its runtime directory (bundle, /etc files), creates its cgroup
 * with the limits, and hands it to a new isle-shim. Resolves once the process has exec'd; the returned
 * connection is attached to its stdio (close it to leave the container running on its own).
 */
export interface StartOptions {
  /** Connect the container's stdin (`-i` while attached). */
  stdin: boolean;
  /** The attached terminal's size, for a container with a tty. */
  consoleSize?: {height: number; width: number};
}

export async function startContainer(paths: StorePaths, record: ContainerRecord, options: StartOptions): Promise<ShimStarted> {
  if (isActive(record.state.status)) {
    throw new IslanderError('conflict', `container '${record.name}' is already ${record.state.status}`);
  }
  const dirs = containerDirs(paths, record.id);
  removeTree(dirs.runDir);
  rmSync(dirs.exitFile, {force: true});
  ensureDir(dirs.rootfs);
  const etcFiles = writeEtcFiles(dirs.runDir, record.config.hostname);
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
    userMounts: ociMounts(paths, record.hostConfig.mounts ?? []),
    readonlyRootfs: record.hostConfig.readonlyRootfs === true,
  }));
  traceMark('bundle written');
  const driver = cgroupDriver();
  // A container that ran before may have left its group (a shim that died); a new one has none to look for.
  if (record.state.status !== 'created') await driver.open(record.id)?.remove();
  const cgroup = driver.create(record.id, record.hostConfig.resources);
  traceMark('cgroup created');
  let started: ShimStarted;
  try {
    started = await startShim({
      id: record.id,
      bundle: dirs.bundle,
      stateDir: dirs.runDir,
      logFile: dirs.log,
      exitFile: dirs.exitFile,
      args: [record.path, ...record.args],
      stdin: options.stdin,
      cgroup: joinTarget(driver, cgroup),
      restart: restartArgument(record.hostConfig.restartPolicy),
      init: record.hostConfig.init,
      log: record.hostConfig.logConfig,
    });
  } catch (error) {
    await cgroup.remove();
    throw error;
  }
  traceMark('started');
  const shim = readShimState(dirs.shimState);
  transition(record, 'running');
  Object.assign(record.state, {
    pid: started.pid,
    shimPid: shim?.shimPid ?? 0,
    shimStartTime: shim?.shimStartTime ?? 0,
    startedAt: shim?.startedAt ?? new Date().toISOString(),
    finishedAt: '',
    exitCode: 0,
    oomKilled: false,
    error: '',
    restartCount: 0,
  });
  saveContainer(paths, record);
  return started;
}
