import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {diskUsage} from '../util/disk-usage.js';
import {withVolumeLock} from './lock.js';
import {detachVolume, discardRemoved, listVolumes, loadVolume} from './store.js';
import type {VolumeRecord} from './types.js';
import {volumeUsers} from './usage.js';

/**
 * `volume rm`: as Docker, a volume any container refers to (running or not) is refused even with -f; -f only
 * makes a missing volume no error.
 */
export async function removeVolume(paths: StorePaths, name: string, options: {force: boolean}): Promise<string | undefined> {
  const detached = await withVolumeLock(paths, async () => {
    const volume = loadVolume(paths, name);
    if (!volume) {
      if (options.force) return undefined;
      throw new IslanderError('not-found', `no such volume '${name}'`, {suggestion: "see 'islander volume ls'"});
    }
    const users = volumeUsers(paths).get(name);
    if (users) {
      throw new IslanderError('conflict', `volume '${name}' is in use by container${users.length > 1 ? 's' : ''} ${users.join(', ')}`, {
        suggestion: `remove ${users.length > 1 ? 'them' : 'it'} first with 'islander rm ${users.join(' ')}'`,
      });
    }
    return {volume, dir: detachVolume(paths, volume)};
  });
  if (!detached) return undefined;
  await discardRemoved(detached.dir, detached.volume);
  return name;
}

/** `volume prune`: every volume no container uses; returns their names and the bytes freed. */
export async function pruneVolumes(paths: StorePaths): Promise<{deleted: string[]; reclaimedBytes: number}> {
  const detached = await withVolumeLock(paths, async () => {
    const users = volumeUsers(paths);
    const unused = listVolumes(paths).filter((volume) => !users.has(volume.Name));
    return unused.map((volume): {volume: VolumeRecord; bytes: number; dir: string} => {
      const bytes = diskUsage(volume.Mountpoint);
      return {volume, bytes, dir: detachVolume(paths, volume)};
    });
  });
  for (const {dir, volume} of detached) await discardRemoved(dir, volume);
  return {deleted: detached.map(({volume}) => volume.Name), reclaimedBytes: detached.reduce((sum, {bytes}) => sum + bytes, 0)};
}
