import {createHash} from 'node:crypto';
import {createReadStream, existsSync, rmSync, statSync} from 'node:fs';
import {Transform, type Readable, type TransformCallback} from 'node:stream';
import {createGzip, createGunzip} from 'node:zlib';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {startProcess} from '../process/spawn.js';
import {storeBlobComputed} from './blobs.js';
import {detectFormat, type ArchiveFormat} from './compression.js';
import {digestHex} from './digest.js';
import {blobFile} from './layout.js';
import {addLayerBlob, readLayer, type LayerBlob} from './layer-record.js';
import {withStoreLock} from './lock.js';

export interface ExportedLayer {
  digest: string;
  size: number;
  path: string;
  mediaType: string;
}

export const MEDIA_TYPES: Record<ArchiveFormat, string> = {
  tar: 'application/vnd.oci.image.layer.v1.tar',
  gzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  zstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
};

/** The stored archives of a layer that are still on disk. */
export function layerBlobs(paths: StorePaths, diffId: string): LayerBlob[] {
  return (readLayer(paths, diffId)?.blobs ?? []).filter((blob) => existsSync(blobFile(paths, digestHex(blob.digest))));
}

/**
 * A gzip archive of the layer, for push and save: the one it arrived as, or one made once from another stored
 * archive of it (decompressed and recompressed; the tar inside, and so the diffid, is the same) and cached.
 */
export async function exportLayerBlob(paths: StorePaths, diffId: string): Promise<ExportedLayer> {
  const blobs = layerBlobs(paths, diffId);
  const gzip = blobs.find((blob) => blob.mediaType.endsWith('gzip'));
  if (gzip) return described(paths, gzip);
  const source = blobs[0];
  if (!source) {
    throw new IslanderError('invalid-image', `layer sha256:${diffId.slice(0, 12)} has no stored archive`, {
      suggestion: 'it was imported before Islander kept layer archives; import or load the image again',
    });
  }
  // The tar is hashed on its way to gzip: a decompressor that stopped early must not leave a wrong archive.
  const tar = new HashingPassThrough();
  const stored = await storeBlobComputed(paths, uncompressedStream(blobFile(paths, digestHex(source.digest))).pipe(tar).pipe(createGzip()));
  if (tar.hex() !== diffId) {
    rmSync(stored.path, {force: true});
    throw new IslanderError('invalid-image', `the stored archive ${source.digest} of layer sha256:${diffId.slice(0, 12)} does not hold that layer`, {
      suggestion: 'remove the image and load or pull it again',
    });
  }
  const blob: LayerBlob = {digest: stored.digest, size: statSync(stored.path).size, mediaType: MEDIA_TYPES.gzip};
  withStoreLock(paths, () => addLayerBlob(paths, diffId, blob));
  return described(paths, blob);
}

function described(paths: StorePaths, blob: LayerBlob): ExportedLayer {
  const path = blobFile(paths, digestHex(blob.digest));
  return {digest: blob.digest, size: statSync(path).size, path, mediaType: blob.mediaType};
}

/** The tar inside a stored layer archive. */
export function uncompressedStream(file: string): Readable {
  const format = detectFormat(file);
  if (format === 'tar') return createReadStream(file, {highWaterMark: 1024 * 1024});
  if (format === 'gzip') return createReadStream(file, {highWaterMark: 1024 * 1024}).pipe(createGunzip());
  const child = startProcess('zstd', ['-dcq', file], {stdio: ['ignore', 'pipe', 'ignore']});
  if (!child.stdout) throw new IslanderError('internal', 'zstd has no stdout pipe');
  return child.stdout;
}

class HashingPassThrough extends Transform {
  private readonly hash = createHash('sha256');
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}
