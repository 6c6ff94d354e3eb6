import {chmodSync, copyFileSync, existsSync, lchownSync, lstatSync, lutimesSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync, type Stats} from 'node:fs';
import {dirname, join} from 'node:path';
import type {StorePaths} from '../paths.js';
import {layerRoot} from './layout.js';
import {readLayer} from './layer-record.js';
import {ensureLayered} from './migrate.js';
import {resolveImage} from './store.js';

/**
 * The copying storage driver, for hosts without overlayfs (or ISLANDER_STORAGE_DRIVER=vfs): the container's
 * rootfs is a private copy of the image's layers applied bottom up, giving the view overlayfs would:
 *   - an opaque directory (layer.json's opaqueDirs) first loses what lower layers put in it;
 *   - a whiteout (character device 0:0) deletes the path below and is not copied itself;
 *   - everything else is copied over, newer layers winning. Symlinks are copied as links, never followed.
 * Built once per container (the marker file says it is complete), so restarts keep the container's writes.
 */
const DONE = '.islander-vfs-complete';

export function storageDriver(): 'overlay' | 'vfs' {
  const chosen = process.env.ISLANDER_STORAGE_DRIVER;
  if (chosen === 'vfs' || chosen === 'overlay') return chosen;
  try {
    return readFileSync('/proc/filesystems', 'utf8').includes('\toverlay\n') ? 'overlay' : 'vfs';
  } catch {
    return 'overlay';
  }
}

export function vfsComplete(dest: string): boolean {
  return existsSync(join(dest, '..', DONE));
}

export function buildVfsRootfs(paths: StorePaths, imageId: string, dest: string): void {
  if (vfsComplete(dest)) return;
  rmSync(dest, {recursive: true, force: true});
  mkdirSync(dirname(dest), {recursive: true, mode: 0o700});
  const image = ensureLayered(paths, resolveImage(paths, imageId));
  for (const diffId of image.layers) {
    for (const dir of readLayer(paths, diffId)?.opaqueDirs ?? []) clearDir(join(dest, dir));
    applyLayer(layerRoot(paths, diffId), dest);
  }
  writeFileSync(join(dest, '..', DONE), '');
}

function clearDir(dir: string): void {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) return;
  for (const name of readdirSync(dir)) rmSync(join(dir, name), {recursive: true, force: true});
}

function isWhiteout(path: string): boolean {
  const stats = lstatSync(path);
  return stats.isCharacterDevice() && stats.rdev === 0;
}

/** Copies `src` onto `dest` entry by entry: directories merge, whiteouts delete, the rest replaces. */
function applyLayer(src: string, dest: string): void {
  const stats = lstatSync(src);
  const existing = lstatIfExists(dest);
  if (existing && !(stats.isDirectory() && existing.isDirectory())) rmSync(dest, {recursive: true, force: true});
  if (stats.isDirectory()) {
    if (!existing?.isDirectory()) mkdirSync(dest);
    for (const name of readdirSync(src)) {
      const from = join(src, name);
      if (isWhiteout(from)) rmSync(join(dest, name), {recursive: true, force: true});
      else applyLayer(from, join(dest, name));
    }
  } else if (stats.isSymbolicLink()) {
    symlinkSync(readlinkSync(src), dest);
  } else if (stats.isFile()) {
    copyFileSync(src, dest);
  } else if (stats.isFIFO()) {
    fifoPlaceholder(dest);
  } else {
    return; // device nodes never reach a layer except as whiteouts
  }
  lchownSync(dest, stats.uid, stats.gid);
  if (!stats.isSymbolicLink()) chmodSync(dest, stats.mode & 0o7777);
  lutimesSync(dest, stats.atime, stats.mtime);
}

function lstatIfExists(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Node has no mkfifo(); a FIFO in an image is rare, so the copy gets an empty file in its place. */
function fifoPlaceholder(dest: string): void {
  writeFileSync(dest, '');
}
