import {existsSync, readlinkSync, symlinkSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {layerRoot, shortLinksDir} from './layout.js';
import {readLayer} from './layer-record.js';
import {ensureLayered} from './migrate.js';
import {readImage} from './store.js';

/**
 * The overlay lower directories of an image, top layer first (overlayfs' lowerdir order).
 *
 * The whole mount option string must fit in one page. A layer root is ~100 bytes of path, so past OPTION_BUDGET
 * each layer is named by a short symlink <images>/l/<16 hex> → ../layers/<diffid>/root (the kernel follows
 * symlinks in lowerdir paths), which fits ~100 layers; overlayfs itself stops at 500.
 */
const OPTION_BUDGET = 3000;
const SHORT = 16;

export function imageLowerDirs(paths: StorePaths, id: string): string[] {
  const found = readImage(paths, id);
  if (!found) throw new IslanderError('not-found', `no such image '${id}'`, {suggestion: 'see `islander image ls`'});
  const image = ensureLayered(paths, found);
  const layers = [...image.layers].reverse();
  const full = layers.map((diffId) => layerRoot(paths, diffId));
  if (full.join(':').length <= OPTION_BUDGET) return full;
  return layers.map((diffId) => shortLink(paths, diffId));
}

function shortLink(paths: StorePaths, diffId: string): string {
  ensureDir(shortLinksDir(paths));
  const link = join(shortLinksDir(paths), diffId.slice(0, SHORT));
  const target = join('..', 'layers', diffId, 'root');
  if (existsSync(link) && readlinkSync(link) === target) return link;
  try {
    symlinkSync(target, link);
  } catch {
    // Raced with another start, or a stale link: either way the link must now say `target`.
    if (readlinkSync(link) !== target) throw new IslanderError('internal', `short layer link ${link} points elsewhere`);
  }
  return link;
}

/** The tree of a one-layer image (a flat `image import`): its only layer's root. */
export function imageRootfs(paths: StorePaths, id: string): string {
  const dirs = imageLowerDirs(paths, id);
  if (dirs.length !== 1) throw new IslanderError('internal', `image ${id.slice(0, 12)} has ${dirs.length} layers, not one`);
  return dirs[0] ?? '';
}

/** Each layer's root and opaque directories, top first: the merged view for code that reads image files. */
export function imageLayerViews(paths: StorePaths, id: string): Array<{root: string; opaqueDirs: string[]}> {
  const found = readImage(paths, id);
  if (!found) throw new IslanderError('not-found', `no such image '${id}'`, {suggestion: 'see `islander image ls`'});
  return [...ensureLayered(paths, found).layers].reverse()
    .map((diffId) => ({root: layerRoot(paths, diffId), opaqueDirs: readLayer(paths, diffId)?.opaqueDirs ?? []}));
}
