import {IslanderError} from '../errors.js';
import {imageLowerDirs} from '../image/index.js';
import type {StorePaths} from '../paths.js';
import type {FsRoot} from './isle-cp.js';
import {reconcile} from './reconcile.js';
import type {ContainerRecord} from './record.js';
import {containerDirs, resolveContainer} from './store.js';

/**
 * Where isle-cp finds a container's filesystem. A running (or paused) container: its init's root, as its own
 * mount namespace shows it (volumes included). Any other: its overlay — the image's layers under its upper dir —
 * which isle-cp mounts detached, visible to no one, for the length of one call; the upper dir is in use by no
 * other overlay then, since only a live container mounts it.
 */
export interface ContainerFs {
  record: ContainerRecord;
  root: FsRoot;
  running: boolean;
}

export async function openContainerFs(paths: StorePaths, ref: string): Promise<ContainerFs> {
  const record = await reconcile(paths, resolveContainer(paths, ref));
  if (!record) throw new IslanderError('not-found', `no such container '${ref}'`, {suggestion: "see 'islander ps -a'"});
  const status = record.state.status;
  if (status === 'restarting') {
    throw new IslanderError('conflict', `container '${record.name}' is restarting`, {suggestion: 'try again once it runs, or stop it first'});
  }
  if ((status === 'running' || status === 'paused') && record.state.pid > 0) {
    return {record, root: ['--pid', String(record.state.pid)], running: true};
  }
  const dirs = containerDirs(paths, record.id);
  const lowers = imageLowerDirs(paths, record.image.id).flatMap((dir) => ['--lower', dir]);
  return {record, root: [...lowers, '--upper', dirs.upper, '--work', dirs.work], running: false};
}
