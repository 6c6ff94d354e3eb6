import {existsSync, mkdirSync, renameSync} from 'node:fs';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir, writeJsonAtomic} from '../util/atomic.js';
import {imageRecordPath, layerDir, layerRoot, layersDir, legacyRootfs} from './layout.js';
import {readLayer, writeLayer} from './layer-record.js';
import {withStoreLock} from './lock.js';
import {readImage} from './store.js';
import type {ImageRecord, StoredImage} from './types.js';

/**
 * Images imported before the layered store live in <images>/<id>/rootfs with no `layers`. Their id is the
 * sha256 of the uncompressed tar they came from, which is exactly a layer's diffid, so the tree is moved (a
 * rename, nothing copied) to layers/<id>/root and the record gains `layers: [id]`. Runs on first use.
 */
export function ensureLayered(paths: StorePaths, image: ImageRecord): ImageRecord {
  if (image.layers.length > 0) return image;
  return withStoreLock(paths, () => {
    const current = readImage(paths, image.id);
    if (!current) throw new IslanderError('not-found', `no such image '${image.id}'`);
    if (current.layers.length > 0) return current;
    const legacy = legacyRootfs(paths, image.id);
    if (!readLayer(paths, image.id)) {
      if (!existsSync(legacy)) {
        throw new IslanderError('invalid-image', `image ${image.id.slice(0, 12)} has no layers and no rootfs`, {
          suggestion: 'remove it (`islander image rm`) and import it again',
        });
      }
      ensureDir(layersDir(paths));
      if (!existsSync(layerDir(paths, image.id))) mkdirSync(layerDir(paths, image.id), {mode: 0o700});
      renameSync(legacy, layerRoot(paths, image.id));
      writeLayer(paths, {diffId: image.id, size: current.size, createdAt: current.created, blobs: []});
    }
    const {repoTags: _tags, ...stored} = current;
    const migrated: StoredImage = {...stored, layers: [image.id], history: []};
    writeJsonAtomic(imageRecordPath(paths, image.id), migrated);
    return {...current, layers: [image.id]};
  });
}
