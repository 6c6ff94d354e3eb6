import {join} from 'node:path';
import type {StorePaths} from '../paths.js';

/**
 * Where an image lives:
 *   <images>/<id>/rootfs/        the unpacked tree, the read-only lower layer of every container made from it
 *   <images>/<id>/image.json     the StoredImage record
 *   <images>/repositories.json   "name:tag" → id
 *   <images>/.lock               held (briefly) while the names or the set of images change
 */
export function imageDir(paths: StorePaths, id: string): string {
  return join(paths.images, id);
}

export function imageRootfs(paths: StorePaths, id: string): string {
  return join(paths.images, id, 'rootfs');
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
