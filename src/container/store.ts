import {openSync, closeSync, readdirSync, readFileSync, rmSync, unlinkSync, writeSync, fsyncSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError, isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir, readJsonIfExists, writeJsonAtomic, fsyncDirectory} from '../util/atomic.js';
import {ALLOWED_TRANSITIONS, type ContainerRecord, type ContainerStatus} from './record.js';

/**
 * The container store: one directory per container under `<root>/containers/<id>/` holding `container.json`
 * (the record), the OCI bundle and the overlay's upper and work dirs. Names are reserved atomically by creating
 * `<root>/containers/.names/<name>` with O_EXCL, so two `run --name web` at once cannot both win.
 */
export interface ContainerDirs {
  dir: string;
  record: string;
  bundle: string;
  rootfs: string;
  upper: string;
  work: string;
}

export function containerDirs(paths: StorePaths, id: string): ContainerDirs {
  const dir = join(paths.containers, id);
  return {
    dir,
    record: join(dir, 'container.json'),
    bundle: join(dir, 'bundle'),
    rootfs: join(dir, 'bundle', 'rootfs'),
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
  };
}

const namesDir = (paths: StorePaths): string => join(paths.containers, '.names');

/** Reserves the name and writes the record; the caller has filled every field. */
export function createContainer(paths: StorePaths, record: ContainerRecord): ContainerDirs {
  ensureDir(namesDir(paths));
  reserveName(paths, record.name, record.id);
  const dirs = containerDirs(paths, record.id);
  try {
    for (const dir of [dirs.dir, dirs.bundle, dirs.rootfs, dirs.upper, dirs.work]) ensureDir(dir);
    writeJsonAtomic(dirs.record, record);
  } catch (error) {
    releaseName(paths, record.name);
    rmSync(dirs.dir, {recursive: true, force: true});
    throw error;
  }
  return dirs;
}

function reserveName(paths: StorePaths, name: string, id: string): void {
  let fd: number;
  try {
    fd = openSync(join(namesDir(paths), name), 'wx', 0o600);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const owner = readFileSync(join(namesDir(paths), name), 'utf8').trim();
    throw new IslanderError('conflict', `the name '${name}' is already in use by container ${owner.slice(0, 12)}`, {
      suggestion: `remove it with 'islander rm ${name}' or choose another --name`,
    });
  }
  try {
    writeSync(fd, id);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function releaseName(paths: StorePaths, name: string): void {
  try {
    unlinkSync(join(namesDir(paths), name));
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

export function isNameTaken(paths: StorePaths, name: string): boolean {
  return readNameOwner(paths, name) !== undefined;
}

export function saveContainer(paths: StorePaths, record: ContainerRecord): void {
  writeJsonAtomic(containerDirs(paths, record.id).record, record);
}

/** Moves the record to a new status, refusing transitions the lifecycle does not allow. */
export function transition(record: ContainerRecord, to: ContainerStatus): void {
  if (record.state.status === to) return;
  if (!ALLOWED_TRANSITIONS[record.state.status].includes(to)) {
    throw new IslanderError('internal', `container ${record.id.slice(0, 12)} cannot go from ${record.state.status} to ${to}`);
  }
  record.state.status = to;
}

export function loadContainer(paths: StorePaths, id: string): ContainerRecord | undefined {
  return readJsonIfExists<ContainerRecord>(containerDirs(paths, id).record);
}

export function listContainers(paths: StorePaths): ContainerRecord[] {
  let ids: string[];
  try {
    ids = readdirSync(paths.containers);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
  const records: ContainerRecord[] = [];
  for (const id of ids) {
    if (id.startsWith('.')) continue;
    const record = loadContainer(paths, id);
    if (record) records.push(record);
  }
  return records.sort((a, b) => b.created.localeCompare(a.created));
}

/** A container by exact name, full id or unique id prefix, as Docker resolves them. */
export function resolveContainer(paths: StorePaths, ref: string): ContainerRecord {
  const byName = readNameOwner(paths, ref);
  const record = byName ? loadContainer(paths, byName) : undefined;
  if (record) return record;
  const matches = /^[0-9a-f]{1,64}$/.test(ref) ? listContainers(paths).filter((c) => c.id.startsWith(ref)) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new IslanderError('conflict', `'${ref}' matches ${matches.length} containers`, {suggestion: 'give more of the id, or the name'});
  }
  throw new IslanderError('not-found', `no such container '${ref}'`, {suggestion: "see 'islander ps -a'"});
}

function readNameOwner(paths: StorePaths, name: string): string | undefined {
  if (name.includes('/') || name.startsWith('.')) return undefined;
  try {
    return readFileSync(join(namesDir(paths), name), 'utf8').trim();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

/** Removes the container's directory and its name; the caller has stopped it and removed its cgroup. */
export function deleteContainer(paths: StorePaths, record: ContainerRecord): void {
  rmSync(containerDirs(paths, record.id).dir, {recursive: true, force: true});
  if (readNameOwner(paths, record.name) === record.id) releaseName(paths, record.name);
  fsyncDirectory(paths.containers);
}
