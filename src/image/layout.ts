import {join} from 'node:path';
import type {StorePaths} from '../paths.js';

/**
 * Where an image lives (the layered store, storage-contract.md):
 *   <images>/blobs/sha256/<hex>          content-addressed blobs: configs, manifests, layer archives
 *   <images>/layers/<diffid>/root/       a layer unpacked once, in overlayfs' whiteout format
 *   <images>/layers/<diffid>/layer.json  the LayerRecord; its presence marks the layer complete
 *   <images>/l/<short>                   short symlinks to layer roots, for overlay option strings of many layers
 *   <images>/<id>/image.json     the StoredImage record (`layers`: diffids, bottom first)
 *   <images>/<id>/rootfs/        only in stores written before layers: migrated on first use (migrate.ts)
 *   <images>/repositories.json   "name:tag" → id
 *   <images>/.lock               held (briefly) while the names or the set of images change
 */
export function imageDir(paths: StorePaths, id: string): string {
  return join(paths.images, id);
}

/** The pre-layer location of an image's tree; only migrate.ts reads it. */
export function legacyRootfs(paths: StorePaths, id: string): string {
  return join(paths.images, id, 'rootfs');
}

export function blobsDir(paths: StorePaths): string {
  return join(paths.images, 'blobs', 'sha256');
}

export function blobFile(paths: StorePaths, hex: string): string {
  return join(blobsDir(paths), hex);
}

export function layersDir(paths: StorePaths): string {
  return join(paths.images, 'layers');
}

export function layerDir(paths: StorePaths, diffId: string): string {
  return join(layersDir(paths), diffId);
}

export function layerRoot(paths: StorePaths, diffId: string): string {
  return join(layerDir(paths, diffId), 'root');
}

export function layerRecordPath(paths: StorePaths, diffId: string): string {
  return join(layerDir(paths, diffId), 'layer.json');
}

export function shortLinksDir(paths: StorePaths): string {
  return join(paths.images, 'l');
}

/** In-progress loads list what they stored but have not registered yet; GC keeps those (gc.ts). */
export function leasesDir(paths: StorePaths): string {
  return join(paths.images, 'leases');
}

export function imageRecordPath(paths: StorePaths, id: string): string {
  return join(paths.images, id, 'image.json');
}

export function repositoriesPath(paths: StorePaths): string {
  return join(paths.images, 'repositories.json');
}

export function storeLockPath(paths: StorePaths): string {
  return join(paths.images, '.lock');
}

const ID_PATTERN = /^[0-9a-f]{64}$/;

export function isImageId(text: string): boolean {
  return ID_PATTERN.test(text);
}
