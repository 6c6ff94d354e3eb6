import {existsSync, mkdirSync, statSync} from 'node:fs';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir, writeFileAtomic, writeJsonAtomic} from '../util/atomic.js';
import {parseImageConfig} from './config.js';
import {sha256Hex} from './digest.js';
import {blobFile, blobsDir, imageDir, imageRecordPath} from './layout.js';
import {addLayerBlob, readLayer} from './layer-record.js';
import {withStoreLock} from './lock.js';
import {formatReference, parseReference} from './reference.js';
import {readRepositories, writeRepositories} from './repositories.js';
import {readImage} from './store.js';
import type {ImageRecord, StoredImage} from './types.js';

export interface RegisterInput {
  configJson: Buffer;
  /** Hex diffids, bottom first; must equal the config's rootfs.diff_ids. Every layer must be stored. */
  layerDiffIds: string[];
  /** The layers' archives as stored ("sha256:<hex>"), parallel to layerDiffIds. */
  layerDigests?: string[];
  mediaTypes?: string[];
}

export interface RegisterOptions {
  /** `image import` keeps issue 2's id (sha256 of the tar); everything else: sha256 of the config. */
  id?: string;
  source?: string;
}

/**
 * Records an image whose layers are stored: the config becomes a blob, image.json is written, the names point
 * at it. Registering an image that exists only adds the names (same config, same id).
 */
export function registerImage(paths: StorePaths, input: RegisterInput, names: string[], options: RegisterOptions = {}): ImageRecord {
  const parsed = parseImageConfig(input.configJson);
  const configHex = sha256Hex(input.configJson);
  const id = options.id ?? configHex;
  if (parsed.diffIds.join() !== input.layerDiffIds.join()) {
    throw new IslanderError('invalid-image', 'the image config lists other layers than the archive provides', {
      suggestion: 'the archive is corrupt or tampered with; nothing was stored',
    });
  }
  if (input.layerDigests && input.layerDigests.length !== input.layerDiffIds.length) {
    throw new IslanderError('internal', 'registerImage: layerDigests and layerDiffIds differ in length');
  }
  const references = names.map((name) => formatReference(parseReference(name)));
  return withStoreLock(paths, () => {
    const sizes = input.layerDiffIds.map((diffId) => {
      const layer = readLayer(paths, diffId);
      if (!layer) throw new IslanderError('internal', `registerImage: layer ${diffId} is not stored`);
      return layer.size;
    });
    input.layerDigests?.forEach((digest, index) => {
      const diffId = input.layerDiffIds[index] ?? '';
      const hex = digest.slice('sha256:'.length);
      const mediaType = input.mediaTypes?.[index] ?? 'application/vnd.oci.image.layer.v1.tar';
      addLayerBlob(paths, diffId, {digest, size: fileSize(blobFile(paths, hex)), mediaType});
    });
    ensureDir(blobsDir(paths));
    if (!existsSync(blobFile(paths, configHex))) writeFileAtomic(blobFile(paths, configHex), input.configJson);
    if (!existsSync(imageRecordPath(paths, id))) {
      const stored: StoredImage = {
        id,
        created: parsed.created,
        size: sizes.reduce((sum, size) => sum + size, 0),
        source: options.source ?? '',
        architecture: parsed.architecture,
        os: parsed.os,
        config: parsed.config,
        layers: input.layerDiffIds,
        history: parsed.history,
        configDigest: `sha256:${configHex}`,
        ...(input.layerDigests ? {layerDigests: input.layerDigests} : {}),
      };
      if (!existsSync(imageDir(paths, id))) mkdirSync(imageDir(paths, id), {mode: 0o700});
      writeJsonAtomic(imageRecordPath(paths, id), stored);
    }
    const tags = readRepositories(paths);
    for (const reference of references) tags[reference] = id;
    writeRepositories(paths, tags);
    const image = readImage(paths, id, tags);
    if (!image) throw new IslanderError('internal', `image ${id} vanished while being stored`);
    return image;
  });
}

function fileSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}
