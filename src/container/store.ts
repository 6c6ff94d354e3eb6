import {closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError, isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir, readJsonIfExists, writeJsonAtomic, writeStagedJson, fsyncDirectory} from '../util/atomic.js';
import {ALLOWED_TRANSITIONS, type ContainerRecord, type ContainerStatus} from './record.js';
import {removeTree} from '../util/remove-tree.js';

/**
 * The container store. Persistent state lives in `<root>/containers/<id>/`: `container.json` (the record), the
 * shim's `container.log` and `exit.json`, and the overlay's upper and work dirs. What only matters while the
 * container runs — the OCI bundle, /etc files, the shim's attach socket and shim.json — lives in
 * `<runRoot>/containers/<id>/` (tmpfs: gone after a reboot, when nothing runs; `start` writes it again).
 * Names are reserved atomically by creating `<root>/containers/.names/<name>` with O_EXCL, so two
 * `run --name web` at once cannot both win.
 */
export interface ContainerDirs {
  dir: string;
  record: string;
  log: string;
  exitFile: string;
  upper: string;
  work: string;
  runDir: string;
  bundle: string;
  rootfs: string;
  shimState: string;
  stopRequested: string;
}

export function containerDirs(paths: StorePaths, id: string): ContainerDirs {
  const dir = join(paths.containers, id);
  const runDir = join(paths.runRoot, 'containers', id);
  return {
    dir,
    record: join(dir, 'container.json'),
    log: join(dir, 'container.log'),
    exitFile: join(dir, 'exit.json'),
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
    runDir,
    // The runtime directory is the OCI bundle too (config.json, rootfs/), as podman's userdata is: one directory
    // less to make and remove on each start.
    bundle: runDir,
    rootfs: join(runDir, 'rootfs'),
    shimState: join(runDir, 'shim.json'),
    stopRequested: join(runDir, 'stop-requested'),
  };
}

const namesDir = (paths: StorePaths): string => join(paths.containers, '.names');

/**
 * Reserves the name and writes the record. The directory is built under a dot-name and renamed into place, so a
 * command killed half-way leaves no container directory that `ps` cannot explain.
 */
export function createContainer(paths: StorePaths, record: ContainerRecord): ContainerDirs {
  ensureDir(namesDir(paths));
  reserveName(paths, record.name, record.id);
  const dirs = containerDirs(paths, record.id);
  const staging = join(paths.containers, `.creating-${record.id}`);
  try {
    ensureDir(staging);
    // The upper dir's mode becomes the container's `/`: 0755 as in any root filesystem, or non-root users could
    // reach nothing.
    ensureDir(join(staging, 'upper'), 0o755);
    ensureDir(join(staging, 'work'));
    writeStagedJson(join(staging, 'container.json'), record);
    renameSync(staging, dirs.dir);
    fsyncDirectory(paths.containers);
  } catch (error) {
    releaseName(paths, record.name);
    rmSync(staging, {recursive: true, force: true});
    throw error;
  }
  return dirs;
}

/** A name whose owner never got its directory (the creating command was killed) is free again after this long. */
const ABANDONED_NAME_MS = 10_000;

/**
 * Claims a name: `.names/<name>` is created exclusively and holds its owner's id. It is a lock and an index, not
 * the truth, which is the records: it is not fsync'd (a crash may leave it empty, which saves `run` a journal
 * commit), and readNameOwner looks a name up among the records when its file says nothing.
 */
export function reserveName(paths: StorePaths, name: string, id: string): void {
  const file = join(namesDir(paths), name);
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
    const owner = readNameOwner(paths, name);
    if ((owner === undefined || !existsSync(containerDirs(paths, owner).record)) && Date.now() - statSync(file).mtimeMs > ABANDONED_NAME_MS) {
      unlinkSync(file);
      reserveName(paths, name, id);
      return;
    }
    throw new IslanderError('conflict', `the name '${name}' is already in use${owner ? ` by container ${owner.slice(0, 12)}` : ''}`, {
      suggestion: `remove it with 'islander rm ${name}' or choose another --name`,
    });
  }
  try {
    writeSync(fd, id);
  } finally {
    closeSync(fd);
  }
}

export function releaseName(paths: StorePaths, name: string): void {
  try {
    unlinkSync(join(namesDir(paths), name));
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}

export function isNameTaken(paths: StorePaths, name: string): boolean {
  return readNameOwner(paths, name) !== undefined;
}

/**
 * Updates an existing record. A state change need not survive a crash (AtomicWriteOptions.replacing); a new name
 * must (`durable`): the records, not the unsynced name files, are the truth about names (readNameOwner).
 */
export function saveContainer(paths: StorePaths, record: ContainerRecord, options: {durable?: boolean} = {}): void {
  writeJsonAtomic(containerDirs(paths, record.id).record, record, {replacing: options.durable !== true});
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

/** The id that owns a name: from its file, or, where a crash left that empty, from the record with the name. */
export function readNameOwner(paths: StorePaths, name: string): string | undefined {
  if (name.includes('/') || name.startsWith('.')) return undefined;
  let text: string;
  try {
    text = readFileSync(join(namesDir(paths), name), 'utf8').trim();
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  return CONTAINER_ID.test(text) ? text : listContainers(paths).find((record) => record.name === name)?.id;
}

const CONTAINER_ID = /^[0-9a-f]{64}$/;

/**
 * Removes the container's directory and its name; the caller has stopped it and removed its cgroup. Nothing is
 * fsync'd: a removal is not atomic anyway, and a crash that undoes some of it leaves what an interrupted `rm` does.
 */
export function deleteContainer(paths: StorePaths, record: ContainerRecord): void {
  const dirs = containerDirs(paths, record.id);
  // Asked before the record goes: an empty name file is resolved through the records (readNameOwner).
  const ownsName = readNameOwner(paths, record.name) === record.id;
  removeTree(dirs.runDir);
  removeTree(dirs.dir);
  if (ownsName) releaseName(paths, record.name);
}
