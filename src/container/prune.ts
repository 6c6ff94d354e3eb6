import {isIslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {diskUsage} from '../util/disk-usage.js';
import {listReconciled} from './list.js';
import {isActive} from './record.js';
import {removeContainer} from './remove.js';
import {containerDirs} from './store.js';

/**
 * `container prune`, as Docker's: every container that is not running, paused or restarting is removed, with
 * its writable layer and log; returns their ids and the bytes that freed. One that started meanwhile is kept.
 */
export async function pruneContainers(paths: StorePaths): Promise<{deleted: string[]; reclaimedBytes: number}> {
  const deleted: string[] = [];
  let reclaimedBytes = 0;
  for (const record of await listReconciled(paths, {all: true})) {
    if (isActive(record.state.status)) continue;
    const bytes = diskUsage(containerDirs(paths, record.id).dir);
    try {
      await removeContainer(paths, record.id, {force: false});
    } catch (error) {
      // Started (conflict) or removed (not-found) by another command since the listing: not ours to prune.
      if (isIslanderError(error) && (error.code === 'conflict' || error.code === 'not-found')) continue;
      throw error;
    }
    deleted.push(record.id);
    reclaimedBytes += bytes;
  }
  return {deleted, reclaimedBytes};
}
