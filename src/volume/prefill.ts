import {
  chmodSync, constants, copyFileSync, lchownSync, lstatSync, lutimesSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync,
  renameSync, rmSync, statSync, symlinkSync, type Stats,
} from 'node:fs';
import {join, posix} from 'node:path';
import {isErrno} from '../errors.js';
import {imageLowerDirs} from '../image/lower-dirs.js';
import type {StorePaths} from '../paths.js';
import {runTool} from '../process/spawn.js';
import {ensureDir} from '../util/atomic.js';
import {volumeDataDir, volumeDir} from './names.js';

/**
 * Docker's copy-up: an empty volume mounted where the image has content gets a copy of it. The image is
 * hostile input here: its symlinks are resolved inside the image's own root (as openat2's RESOLVE_IN_ROOT does),
 * copied as links and never followed, and special files are skipped. The copy is built next to `_data` and moved
 * in entry by entry with rename(2), which never follows a link a container may have put there meanwhile.
 */
export async function prefillVolume(paths: StorePaths, volumeName: string, imageId: string, containerPath: string): Promise<void> {
  const data = volumeDataDir(paths, volumeName);
  if (readdirSync(data).length > 0) return;
  const lowers = imageLowerDirs(paths, imageId);
  if (lowers.length === 1) {
    copyInto(paths, volumeName, lowers[0]!, containerPath);
    return;
  }
  // Several layers: their merged view (whiteouts and opaque directories applied) is a read-only overlay.
  ensureDir(paths.tmp);
  const view = mkdtempSync(join(paths.tmp, 'prefill-view-'));
  try {
    await runTool('mount', ['-t', 'overlay', 'overlay', '-o', `ro,lowerdir=${lowers.join(':')}`, view]);
    try {
      copyInto(paths, volumeName, view, containerPath);
    } finally {
      await runTool('umount', [view]);
    }
  } finally {
    rmSync(view, {recursive: true, force: true});
  }
}

function copyInto(paths: StorePaths, volumeName: string, imageRoot: string, containerPath: string): void {
  const source = resolveInRoot(imageRoot, containerPath);
  if (source === undefined || !lstatSync(source).isDirectory()) return;
  const data = volumeDataDir(paths, volumeName);
  // rename(2) cannot cross into another filesystem, and a btrfs subvolume counts as one: there the copy is built
  // inside `_data`, which holds nothing yet.
  const beside = statSync(volumeDir(paths, volumeName)).dev === statSync(data).dev;
  const staging = mkdtempSync(join(beside ? volumeDir(paths, volumeName) : data, '.prefill-'));
  try {
    copyTree(source, staging);
    for (const name of readdirSync(staging)) {
      try {
        if (lstatSync(join(data, name), {throwIfNoEntry: false})) continue;
        renameSync(join(staging, name), join(data, name));
      } catch (error) {
        // Something was written there since we looked (another container of the volume): it wins.
        if (!isErrno(error, 'EEXIST') && !isErrno(error, 'ENOTEMPTY') && !isErrno(error, 'EISDIR') && !isErrno(error, 'ENOTDIR')) throw error;
      }
    }
    copyAttributes(lstatSync(source), data);
  } finally {
    rmSync(staging, {recursive: true, force: true});
  }
}

const MAX_LINKS = 40;

/**
 * The host path of `path` inside `root`, every symlink on the way resolved as if `root` were `/` (absolute
 * targets restart at root, `..` stops at it). The last component is followed too, as a mount destination is.
 * Undefined when something on the way is missing or not a directory.
 */
export function resolveInRoot(root: string, path: string): string | undefined {
  const pending = path.split('/').filter((part) => part !== '' && part !== '.');
  const resolved: string[] = [];
  let links = 0;
  while (pending.length > 0) {
    const part = pending.shift()!;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = join(root, ...resolved, part);
    const stat = lstatSync(candidate, {throwIfNoEntry: false});
    if (!stat) return undefined;
    if (stat.isSymbolicLink()) {
      if (++links > MAX_LINKS) return undefined;
      const target = readlinkSync(candidate);
      if (posix.isAbsolute(target)) resolved.length = 0;
      pending.unshift(...target.split('/').filter((p) => p !== '' && p !== '.'));
      continue;
    }
    if (pending.length > 0 && !stat.isDirectory()) return undefined;
    resolved.push(part);
  }
  return join(root, ...resolved);
}

/** Copies the directory `source`'s entries into the existing directory `target`: no link is ever followed. */
function copyTree(source: string, target: string): void {
  for (const entry of readdirSync(source)) {
    const from = join(source, entry);
    const to = join(target, entry);
    const stat = lstatSync(from);
    if (stat.isDirectory()) {
      mkdirSync(to, {mode: 0o700});
      copyTree(from, to);
    } else if (stat.isFile()) {
      // EXCL: `to` is new in a directory we made, so this never writes through a link; FICLONE shares extents
      // where the filesystem can (btrfs, xfs).
      copyFileSync(from, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    } else if (stat.isSymbolicLink()) {
      symlinkSync(readlinkSync(from), to);
    } else {
      continue; // devices, fifos and sockets have no place in a volume's copy
    }
    copyAttributes(stat, to);
  }
}

/** Owner, mode (after chown, which clears set-id bits) and times; links keep only owner and times. */
function copyAttributes(stat: Stats, path: string): void {
  lchownSync(path, stat.uid, stat.gid);
  if (!stat.isSymbolicLink()) chmodSync(path, stat.mode & 0o7777);
  lutimesSync(path, stat.atime, stat.mtime);
}
