import {readdirSync, renameSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError, isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir, fsyncDirectory, readJsonIfExists, writeStagedJson} from '../util/atomic.js';
import {randomBytesFromKernel} from '../util/random.js';
import {createVolumeData, removeVolumeData, validateDriverOptions} from './drivers.js';
import {validateVolumeName, volumeDataDir, volumeDir, volumeRecordPath, volumesRoot} from './names.js';
import type {VolumeDriverName, VolumeRecord} from './types.js';

/**
 * The volume store. A volume appears at once or not at all: it is built in `<volumes>/.creating-*` and renamed
 * to its name, so two creators of the same name cannot both win (the second rename finds it taken); removal
 * renames it to `.removing-*` first, so no half-removed volume is ever listed.
 */
export interface CreateVolumeOptions {
  driver: VolumeDriverName;
  options: Record<string, string>;
  labels: Record<string, string>;
}

export function loadVolume(paths: StorePaths, name: string): VolumeRecord | undefined {
  if (name.startsWith('.') || name.includes('/')) return undefined;
  const record = readJsonIfExists<VolumeRecord>(volumeRecordPath(paths, name));
  // The mountpoint follows the store if the root moved.
  return record && {...record, Mountpoint: volumeDataDir(paths, name)};
}

export function resolveVolume(paths: StorePaths, name: string): VolumeRecord {
  const volume = loadVolume(paths, name);
  if (!volume) throw new IslanderError('not-found', `no such volume '${name}'`, {suggestion: "see 'islander volume ls'"});
  return volume;
}

export function listVolumes(paths: StorePaths): VolumeRecord[] {
  let names: string[];
  try {
    names = readdirSync(volumesRoot(paths));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  return names.flatMap((name) => loadVolume(paths, name) ?? []).sort((a, b) => a.Name.localeCompare(b.Name));
}

/**
 * Creates a volume, or returns the existing one of that name when it has the same driver (Docker's
 * `volume create` is idempotent, and `run -v NAME:/path` creates on first use).
 */
export async function createVolume(paths: StorePaths, name: string, options: CreateVolumeOptions): Promise<{volume: VolumeRecord; created: boolean}> {
  validateVolumeName(name);
  const existing = loadVolume(paths, name);
  if (existing) return {volume: sameDriver(existing, options.driver), created: false};
  validateDriverOptions(paths, options.driver, options.options, (other) => loadVolume(paths, other));
  ensureDir(volumesRoot(paths));
  const staging = join(volumesRoot(paths), `.creating-${name}-${randomBytesFromKernel(4).toString('hex')}`);
  const record: VolumeRecord = {
    Name: name,
    Driver: options.driver,
    Mountpoint: volumeDataDir(paths, name),
    CreatedAt: new Date().toISOString(),
    Labels: options.labels,
    Options: options.options,
    Scope: 'local',
  };
  ensureDir(staging, 0o700);
  let dataMade = false;
  try {
    await createVolumeData(paths, staging, options.driver, options.options);
    dataMade = true;
    writeStagedJson(join(staging, 'volume.json'), record);
    renameSync(staging, volumeDir(paths, name));
    fsyncDirectory(volumesRoot(paths));
    return {volume: record, created: true};
  } catch (error) {
    await discard(staging, options.driver, dataMade);
    if (isErrno(error, 'ENOTEMPTY') || isErrno(error, 'EEXIST')) {
      const winner = loadVolume(paths, name);
      if (winner) return {volume: sameDriver(winner, options.driver), created: false};
    }
    throw error;
  }
}

function sameDriver(volume: VolumeRecord, driver: VolumeDriverName): VolumeRecord {
  if (volume.Driver !== driver) {
    throw new IslanderError('conflict', `volume '${volume.Name}' already exists with the ${volume.Driver} driver, not ${driver}`, {
      suggestion: `use it as it is, or remove it first with 'islander volume rm ${volume.Name}'`,
    });
  }
  return volume;
}

/**
 * Takes the volume away at once (a rename to `.removing-*`); the caller has checked, under the volume lock, that
 * nothing uses it. Returns the directory to hand to discardRemoved, which may take long (a btrfs delete), outside
 * the lock.
 */
export function detachVolume(paths: StorePaths, volume: VolumeRecord): string {
  const removing = join(volumesRoot(paths), `.removing-${volume.Name}-${randomBytesFromKernel(4).toString('hex')}`);
  renameSync(volumeDir(paths, volume.Name), removing);
  fsyncDirectory(volumesRoot(paths));
  return removing;
}

export function discardRemoved(dir: string, volume: VolumeRecord): Promise<void> {
  return discard(dir, volume.Driver, true);
}

async function discard(dir: string, driver: VolumeDriverName, dataMade: boolean): Promise<void> {
  if (dataMade) await removeVolumeData(dir, driver);
  rmSync(dir, {recursive: true, force: true});
}
