import {readdirSync, readlinkSync, rmSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {listContainers} from '../container/store.js';
import {isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {removeTree} from '../util/remove-tree.js';
import {blobsDir, layerDir, layersDir, shortLinksDir} from './layout.js';
import {readLayer} from './layer-record.js';
import {oldestLiveLease} from './lease.js';
import {withStoreLock} from './lock.js';
import {removeImage} from './remove.js';
import {listImages} from './store.js';
import {moveToTrash} from './tmp.js';

export interface PruneResult {
  deleted: string[];
  untagged: string[];
  freedLayers: string[];
  freedBlobs: string[];
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

const CLOCK_SLACK_MS = 1000;

function mtimeMs(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Frees every layer no image lists and every blob no image or kept layer refers to. A layer of an image used by
 * a container is always kept: removing such an image is refused (or, forced, only untags it; remove.ts).
 * Blobs being written (".tmp-*") and whatever a live load or pull may still register (lease.ts) are left alone.
 */
export function collectGarbage(paths: StorePaths): {layers: string[]; blobs: string[]} {
  const trash: string[] = [];
  const result = withStoreLock(paths, () => {
    const images = listImages(paths);
    const keepLayers = new Set(images.flatMap((image) => image.layers.length > 0 ? image.layers : [image.id]));
    const keepBlobs = new Set<string>();
    for (const image of images) {
      if (image.configDigest) keepBlobs.add(image.configDigest.slice('sha256:'.length));
      for (const digest of image.layerDigests ?? []) keepBlobs.add(digest.slice('sha256:'.length));
    }
    for (const diffId of keepLayers) for (const blob of readLayer(paths, diffId)?.blobs ?? []) keepBlobs.add(blob.digest.slice('sha256:'.length));

    // Written since a live load or pull began: maybe its, not yet registered (lease.ts).
    const since = oldestLiveLease(paths);
    const leased = (path: string): boolean => since !== undefined && mtimeMs(path) >= since - CLOCK_SLACK_MS;
    const layers = entries(layersDir(paths)).filter((diffId) => !keepLayers.has(diffId) && !leased(layerDir(paths, diffId)));
    for (const diffId of layers) trash.push(moveToTrash(paths, layerDir(paths, diffId)));
    for (const link of entries(shortLinksDir(paths))) {
      const target = readlinkSync(join(shortLinksDir(paths), link)).split('/')[2] ?? '';
      if (!keepLayers.has(target)) rmSync(join(shortLinksDir(paths), link), {force: true});
    }
    const blobs = entries(blobsDir(paths)).filter((hex) => !hex.startsWith('.') && !keepBlobs.has(hex) && !leased(join(blobsDir(paths), hex)));
    for (const hex of blobs) rmSync(join(blobsDir(paths), hex), {force: true});
    return {layers, blobs};
  });
  for (const dir of trash) removeTree(dir);
  return result;
}

/** `image prune`: dangling images (no name, no container); with `all`, every image no container uses. */
export function pruneImages(paths: StorePaths, options: {all: boolean}): PruneResult {
  const used = new Set(listContainers(paths).map((container) => container.image.id));
  const result: PruneResult = {deleted: [], untagged: [], freedLayers: [], freedBlobs: []};
  for (const image of listImages(paths)) {
    if (used.has(image.id) || (!options.all && image.repoTags.length > 0)) continue;
    const removed = removeImage(paths, image.id, {force: true, collect: false});
    result.deleted.push(...removed.deleted);
    result.untagged.push(...removed.untagged);
  }
  const freed = collectGarbage(paths);
  result.freedLayers = freed.layers;
  result.freedBlobs = freed.blobs;
  return result;
}
