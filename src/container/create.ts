import {hostname} from 'node:os';
import type {StorePaths} from '../paths.js';
import {withVolumeLock} from '../volume/lock.js';
import {ensureMountSources, prefillVolumes} from './mount-setup.js';
import {newContainerId, randomName} from './names.js';
import {emptyState, type ContainerRecord, type HostConfig} from './record.js';
import type {RunSpec} from './spec.js';
import {createContainer, deleteContainer, isNameTaken} from './store.js';

/**
 * `islander create` (and the first half of `run`): its volumes (made on first use, as Docker), the record and its
 * directories; nothing runs yet.
 */
export async function createFromSpec(paths: StorePaths, spec: RunSpec): Promise<ContainerRecord> {
  const record = newRecord(paths, spec);
  await storeRecord(paths, spec, record);
  return record;
}

/** A new container's record, its id and name chosen; nothing is written yet. */
export function newRecord(paths: StorePaths, spec: RunSpec): ContainerRecord {
  const id = newContainerId();
  let name = spec.name;
  while (name === undefined || (spec.name === undefined && isNameTaken(paths, name))) name = randomName();
  const hostConfig: HostConfig = {
    autoRemove: spec.autoRemove,
    resources: spec.resources,
    restartPolicy: spec.restartPolicy,
    init: spec.init,
    logConfig: spec.logConfig,
    mounts: spec.mounts,
    readonlyRootfs: spec.readonlyRootfs,
    networkMode: spec.networkMode,
    capAdd: spec.capAdd,
    capDrop: spec.capDrop,
    ulimits: spec.ulimits,
    sysctls: spec.sysctls,
    shmSize: spec.shmSize,
    names: spec.names,
  };
  return {
    id,
    name,
    created: new Date().toISOString(),
    image: {id: spec.image.id, name: spec.imageRef},
    path: spec.args[0]!,
    args: spec.args.slice(1),
    config: {
      image: spec.imageRef,
      entrypoint: spec.entrypoint,
      cmd: spec.cmd,
      env: spec.env,
      workingDir: spec.cwd,
      user: spec.user,
      // As Docker: with the host's network, the host's name.
      hostname: spec.hostname ?? (spec.networkMode === 'host' ? hostname() : id.slice(0, 12)),
      tty: spec.tty,
      openStdin: spec.interactive,
      labels: spec.labels,
      stopSignal: spec.stopSignal,
      stopTimeout: spec.stopTimeout,
    },
    hostConfig,
    state: emptyState(),
  };
}

/** Writes a new record and its directories, and makes and fills the volumes it names. */
export async function storeRecord(paths: StorePaths, spec: RunSpec, record: ContainerRecord): Promise<void> {
  if (spec.mounts.length === 0) {
    createContainer(paths, record);
    return;
  }
  // Under the lock, `volume rm` cannot take a volume between its creation here and the record that names it.
  await withVolumeLock(paths, async () => {
    await ensureMountSources(paths, spec.mounts);
    createContainer(paths, record);
  });
  try {
    await prefillVolumes(paths, spec.mounts, spec.image.id);
  } catch (error) {
    deleteContainer(paths, record);
    throw error;
  }
}
