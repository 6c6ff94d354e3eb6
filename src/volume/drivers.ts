import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import {validateTmpfsOptions} from '../container/mount-spec.js';
import {IslanderError, usageError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import type {OciMount} from '../runtime/oci.js';
import {createSubvolume, deleteSubvolume, isOnBtrfs, snapshotSubvolume} from './btrfs.js';
import {volumeDataDir, volumesRoot} from './names.js';
import {VOLUME_DRIVERS, type VolumeDriverName, type VolumeRecord} from './types.js';

/**
 * What each volume driver does: which `--opt`s it takes, how its `_data` is made and removed, and which mount a
 * container gets. `local` is a plain directory; `tmpfs` is a fresh tmpfs per container (its options are
 * tmpfs's); `btrfs` makes `_data` a subvolume (or, with snapshot-of=NAME, a snapshot of another btrfs volume).
 */
export function validateDriver(name: string): VolumeDriverName {
  if (!(VOLUME_DRIVERS as readonly string[]).includes(name)) {
    throw usageError(`unknown volume driver '${name}': use ${VOLUME_DRIVERS.join(', ')}`);
  }
  return name as VolumeDriverName;
}

const TMPFS_OPTIONS = new Set(['size', 'nr_inodes', 'mode', 'uid', 'gid']);

/** Checks the `--opt KEY=VALUE` list for the driver, before anything is created. */
export function validateDriverOptions(paths: StorePaths, driver: VolumeDriverName, options: Record<string, string>, loadVolume: (name: string) => VolumeRecord | undefined): void {
  const keys = Object.keys(options);
  if (driver === 'local' && keys.length > 0) {
    throw usageError(`the local volume driver takes no options (got '${keys[0]}')`, 'use --driver tmpfs or btrfs for options');
  }
  if (driver === 'tmpfs') {
    const unknown = keys.find((key) => !TMPFS_OPTIONS.has(key));
    if (unknown !== undefined) throw usageError(`unknown tmpfs volume option '${unknown}': use size, nr_inodes, mode, uid, gid`);
    validateTmpfsOptions(keys.map((key) => `${key}=${options[key]}`), '--opt');
  }
  if (driver === 'btrfs') {
    const unknown = keys.find((key) => key !== 'snapshot-of');
    if (unknown !== undefined) throw usageError(`unknown btrfs volume option '${unknown}': the btrfs driver takes snapshot-of=NAME`);
    mkdirSync(volumesRoot(paths), {recursive: true, mode: 0o700});
    if (!isOnBtrfs(volumesRoot(paths))) {
      throw new IslanderError('system', `the btrfs volume driver needs ${volumesRoot(paths)} on a btrfs filesystem`, {suggestion: 'mount a btrfs filesystem there, or use --driver local'});
    }
    const source = options['snapshot-of'];
    if (source !== undefined) {
      const origin = loadVolume(source);
      if (!origin) throw new IslanderError('not-found', `no such volume '${source}' to snapshot`, {suggestion: "see 'islander volume ls'"});
      if (origin.Driver !== 'btrfs') throw usageError(`cannot snapshot volume '${source}': it uses the ${origin.Driver} driver, not btrfs`);
    }
  }
}

/** Makes `<staging>/_data` for a new volume. */
export async function createVolumeData(paths: StorePaths, staging: string, driver: VolumeDriverName, options: Record<string, string>): Promise<void> {
  const data = join(staging, '_data');
  if (driver !== 'btrfs') {
    mkdirSync(data, {mode: 0o755});
    return;
  }
  const source = options['snapshot-of'];
  if (source === undefined) await createSubvolume(data);
  else await snapshotSubvolume(volumeDataDir(paths, source), data);
}

/** Undoes createVolumeData's subvolume, if any, so the directory can be removed. */
export async function removeVolumeData(dir: string, driver: VolumeDriverName): Promise<void> {
  if (driver === 'btrfs') await deleteSubvolume(join(dir, '_data'));
}

/** The mount a container gets for the volume at `destination`. */
export function volumeOciMount(volume: VolumeRecord, source: string, destination: string, readonly: boolean): OciMount {
  const ro = readonly ? ['ro'] : [];
  if (volume.Driver === 'tmpfs') {
    const {options} = validateTmpfsOptions(Object.entries(volume.Options).map(([key, value]) => `${key}=${value}`), `volume '${volume.Name}'`);
    return {destination, type: 'tmpfs', source: 'tmpfs', options: [...options, ...ro]};
  }
  return {destination, type: 'bind', source, options: ['rbind', 'rprivate', ...ro]};
}
