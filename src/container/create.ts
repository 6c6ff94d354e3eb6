import type {StorePaths} from '../paths.js';
import {prepareMounts} from './mount-setup.js';
import {newContainerId, randomName} from './names.js';
import {emptyState, type ContainerRecord, type HostConfig} from './record.js';
import type {RunSpec} from './spec.js';
import {createContainer, isNameTaken} from './store.js';

/**
 * `islander create` (and the first half of `run`): its volumes (made on first use, as Docker), the record and its
 * directories; nothing runs yet.
 */
export async function createFromSpec(paths: StorePaths, spec: RunSpec): Promise<ContainerRecord> {
  if (spec.mounts.length > 0) await prepareMounts(paths, spec.mounts, spec.image.id);
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
  };
  const record: ContainerRecord = {
    id,
    name,
    created: new Date().toISOString(),
    image: {id: spec.image.id, name: spec.imageRef},
    path: spec.args[0]!,
    args: spec.args.slice(1),
    config: {
      image: spec.imageRef,
      entrypoint: spec.image.config.Entrypoint,
      cmd: spec.args,
      env: spec.env,
      workingDir: spec.cwd,
      user: spec.user,
      hostname: spec.hostname ?? id.slice(0, 12),
      tty: spec.tty,
      openStdin: spec.interactive,
    },
    hostConfig,
    state: emptyState(),
  };
  createContainer(paths, record);
  return record;
}
