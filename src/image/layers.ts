import {existsSync, mkdirSync, renameSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir, fsyncDirectory} from '../util/atomic.js';
import {detectFormat, type ArchiveFormat} from './compression.js';
import {layerDir, layerRecordPath, layerRoot, layersDir} from './layout.js';
import {readLayer, writeLayer} from './layer-record.js';
import {withStoreLock} from './lock.js';
import {createImportDir, moveToTrash, removeTree} from './tmp.js';
import {unpackArchive, type ProgressCallback} from './unpack.js';

/**
 * Unpacks a layer archive (plain, gzip or zstd) once into layers/<diffid>/root, in overlayfs' whiteout format.
 * The diffid is the sha256 of the uncompressed tar, computed while unpacking; when the caller knows it (the
 * image config's rootfs.diff_ids) a mismatch fails and nothing is stored. A layer already stored is not
 * unpacked again. The unpack happens in a private work directory; only a complete layer is renamed in.
 */
export async function ensureLayer(paths: StorePaths, compressedBlobPath: string, expectedDiffId?: string,
  onProgress?: ProgressCallback): Promise<{diffId: string; size: number}> {
  if (expectedDiffId !== undefined) {
    const known = readLayer(paths, expectedDiffId);
    if (known) return {diffId: known.diffId, size: known.size};
  }
  const format: ArchiveFormat = detectFormat(compressedBlobPath);
  const work = createImportDir(paths);
  try {
    const unpacked = await unpackArchive(compressedBlobPath, format, join(work, 'rootfs'), onProgress, {layer: true});
    if (expectedDiffId !== undefined && unpacked.id !== expectedDiffId) {
      throw new IslanderError('invalid-image',
        `layer content does not match its diff id: expected sha256:${expectedDiffId}, got sha256:${unpacked.id}`, {
          suggestion: 'the archive is corrupt or tampered with; nothing was stored',
        });
    }
    return placeLayer(paths, join(work, 'rootfs'), unpacked.id, unpacked.bytes, unpacked.opaqueDirs);
  } finally {
    removeTree(work);
  }
}

/** Under the store lock: the unpacked tree becomes layers/<diffid>/root unless another process got there first. */
export function placeLayer(paths: StorePaths, tree: string, diffId: string, size: number, opaqueDirs: string[] = []): {diffId: string; size: number} {
  return withStoreLock(paths, () => {
    const existing = readLayer(paths, diffId);
    if (existing) return {diffId, size: existing.size};
    ensureDir(layersDir(paths), 0o700);
    const dir = layerDir(paths, diffId);
    // A directory without layer.json is debris of a crash; never build on it.
    if (existsSync(dir)) removeTree(moveToTrash(paths, dir));
    mkdirSync(dir, {mode: 0o700});
    renameSync(tree, layerRoot(paths, diffId));
    writeLayer(paths, {diffId, size, createdAt: new Date().toISOString(), blobs: [], opaqueDirs});
    fsyncDirectory(layersDir(paths));
    return {diffId, size};
  });
}

export function layerExists(paths: StorePaths, diffId: string): boolean {
  return existsSync(layerRecordPath(paths, diffId));
}
