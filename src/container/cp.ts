import {lstatSync, statSync, type Stats} from 'node:fs';
import {basename, dirname, posix, resolve} from 'node:path';
import {IslanderError, isErrno, usageError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {openContainerFs, type ContainerFs} from './fs-root.js';
import {archivePath, extractInto, pipeTar, statPath, withContext, type PathStat} from './isle-cp.js';

/**
 * `islander cp`, with Docker's rules for what lands where (docker cp's documentation, "behavior"):
 * - a file onto a missing path creates it, onto a file replaces it, onto a directory goes inside it;
 * - a directory onto a missing path becomes that path, onto a directory goes inside it, onto a file is refused;
 * - SRC ending in `/.` copies the directory's contents instead of the directory;
 * - `-` as SRC is a tar stream on stdin extracted into the container directory DST, as DST a tar on stdout.
 * Container paths are absolute from the container's `/`. The copying itself is isle-cp's: the container side is
 * hostile (its symlinks resolve inside it, a final symlink is copied as a link, never followed).
 *
 * Ownership: without `-a`, files copied in belong to the container's root (0:0) and files copied out to the caller;
 * with `-a` both keep their uid/gid. A tar stream keeps the ownership it carries.
 */
export interface CopyOptions {
  source: string;
  destination: string;
  archive: boolean;
}

interface ContainerPath {
  container: string;
  path: string;
}

/** Docker's rule: `NAME:PATH` is a container path unless the part before `:` holds a `/` (write `./a:b` for a file). */
export function parseCopyArgument(argument: string): ContainerPath | undefined {
  const colon = argument.indexOf(':');
  if (colon <= 0 || argument.slice(0, colon).includes('/')) return undefined;
  return {container: argument.slice(0, colon), path: argument.slice(colon + 1)};
}

export async function copy(paths: StorePaths, options: CopyOptions): Promise<void> {
  const from = parseCopyArgument(options.source);
  const to = parseCopyArgument(options.destination);
  if (from && to) throw usageError('copying between containers is not supported', 'copy to the host first, then into the other container');
  if (!from && !to) throw usageError('one of SRC and DST must be CONTAINER:PATH', 'e.g. islander cp web:/etc/hosts ./hosts');
  try {
    if (from) {
      const fs = await openContainerFs(paths, from.container);
      await copyOut(fs, containerPath(from.path), options.destination, options.archive);
    } else if (to) {
      const fs = await openContainerFs(paths, to.container);
      await copyIn(fs, options.source, containerPath(to.path), options.archive);
    }
  } catch (error) {
    throw withContext(error, `cannot copy ${options.source} to ${options.destination}`);
  }
}

/** Absolute inside the container; a trailing `/` or `/.` is kept, since it changes the meaning. */
function containerPath(path: string): string {
  if (path === '') throw usageError('the container path is empty', 'write CONTAINER:/path');
  const absolute = path.startsWith('/') ? path : `/${path}`;
  const normalized = posix.normalize(absolute);
  if (absolute.endsWith('/.')) return normalized === '/' ? '/.' : `${normalized.replace(/\/$/, '')}/.`;
  return absolute.endsWith('/') && normalized !== '/' ? `${normalized.replace(/\/$/, '')}/` : normalized;
}

function contentsOnly(path: string): boolean {
  return path === '.' || path.endsWith('/.') || path === '/';
}

/** The path without its `/.` or trailing `/`. */
function bare(path: string): string {
  const stripped = path.replace(/\/\.$/, '').replace(/\/+$/, '');
  return stripped === '' && path.startsWith('/') ? '/' : stripped;
}

function where(fs: ContainerFs, path: string): string {
  return `${fs.record.name}:${path}`;
}

async function statSource(fs: ContainerFs, path: string): Promise<PathStat> {
  const stat = await statPath(fs.root, bare(path));
  if (stat.kind === 'missing') {
    throw new IslanderError('not-found', `no such file or directory: ${where(fs, path)}`, {suggestion: `look with 'islander exec ${fs.record.name} ls'`});
  }
  if (/\/\.?$/.test(path) && path !== '/' && stat.kind !== 'directory') {
    throw new IslanderError('usage', `not a directory: ${where(fs, path)}`);
  }
  return stat;
}

function callerOwner(): {uid: number; gid: number} {
  return {uid: process.getuid?.() ?? 0, gid: process.getgid?.() ?? 0};
}

async function copyOut(fs: ContainerFs, source: string, destination: string, keepOwner: boolean): Promise<void> {
  const stat = await statSource(fs, source);
  const path = bare(source);
  const owner = keepOwner ? undefined : callerOwner();
  if (destination === '-') {
    const name = path === '/' ? '.' : posix.basename(path);
    await archivePath(fs.root, path, {name, owner}, 1).result;
    return;
  }
  const target = resolve(destination);
  // The host is the caller's own: a symlink to a directory there is that directory, as for cp(1).
  const existing = hostStat(target, true);
  let extractRoot: string;
  let name: string;
  if (existing?.isDirectory()) {
    extractRoot = target;
    name = contentsOnly(source) ? '.' : posix.basename(path);
  } else {
    if (existing && stat.kind === 'directory') throw usageError(`cannot copy the directory ${where(fs, source)} onto the file ${destination}`);
    if (!existing && destination.endsWith('/') && stat.kind !== 'directory') {
      throw usageError(`the destination directory ${destination} does not exist`);
    }
    extractRoot = dirname(target);
    if (!hostStat(extractRoot, true)?.isDirectory()) throw usageError(`the destination directory ${dirname(destination)} does not exist`);
    name = basename(target);
  }
  const producer = archivePath(fs.root, path, {name, owner});
  const consumer = extractInto(['--root', extractRoot], '/');
  await pipeTar(producer, consumer);
}

async function copyIn(fs: ContainerFs, source: string, destination: string, keepOwner: boolean): Promise<void> {
  // Docker follows a destination symlink inside the container: a link to a directory receives the copy.
  const target = await statPath(fs.root, bare(destination), {follow: true});
  if (source === '-') {
    if (target.kind !== 'directory') throw usageError(`the destination ${where(fs, destination)} must be an existing directory for a tar stream`);
    await extractInto(fs.root, bare(destination), 0).result;
    return;
  }
  const hostSource = resolve(source);
  const sourceStat = hostStat(hostSource, false);
  if (!sourceStat) throw new IslanderError('not-found', `no such file or directory: ${source}`);
  const sourceIsDir = sourceStat.isDirectory();
  if (contentsOnly(source) && !sourceIsDir) throw usageError(`not a directory: ${source}`);
  let name: string;
  if (target.kind === 'directory') {
    name = contentsOnly(source) ? posix.join(bare(destination), '.') : posix.join(bare(destination), basename(hostSource));
  } else if (target.kind === 'missing') {
    if (destination.endsWith('/') && !sourceIsDir) throw usageError(`the destination directory ${where(fs, destination)} does not exist`);
    const parent = await statPath(fs.root, posix.dirname(bare(destination)), {follow: true});
    if (parent.kind !== 'directory') throw usageError(`the destination directory ${where(fs, posix.dirname(bare(destination)))} does not exist`);
    name = bare(destination);
  } else {
    // A file, or a symlink to one: replaced by the copy (the link itself, never where it points).
    if (sourceIsDir) throw usageError(`cannot copy the directory ${source} onto the file ${where(fs, destination)}`);
    name = bare(destination);
  }
  const producer = archivePath(['--root', dirname(hostSource)], basename(hostSource), {
    name: name.replace(/^\/+/, '') || '.',
    owner: keepOwner ? undefined : {uid: 0, gid: 0},
  });
  const consumer = extractInto(fs.root, '/');
  await pipeTar(producer, consumer);
}

function hostStat(path: string, follow: boolean): Stats | undefined {
  try {
    return follow ? statSync(path) : lstatSync(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}
