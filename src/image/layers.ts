import {existsSync, mkdirSync, renameSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import type {Readable} from 'node:stream';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir, fsyncDirectory} from '../util/atomic.js';
import {removeTree} from '../util/remove-tree.js';
import {blobTempFile, placeBlob} from './blobs.js';
import {detectFormat, type ArchiveFormat} from './compression.js';
import {layerDir, layerRecordPath, layerRoot, layersDir} from './layout.js';
import {readLayer, writeLayer} from './layer-record.js';
import {withStoreLock} from './lock.js';
import {createImportDir, moveToTrash} from './tmp.js';
import {unpackArchive, type ProgressCallback} from './unpack.js';
import {unpackLayerStream, type BlobDescriptor} from './unpack-stream.js';

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
    if (expectedDiffId !== undefined && unpacked.id !== expectedDiffId) throw diffIdMismatch(expectedDiffId, unpacked.id);
    return placeLayer(paths, join(work, 'rootfs'), unpacked.id, unpacked.bytes, unpacked.opaqueDirs);
  } finally {
    removeTree(work);
  }
}

/**
 * A layer straight from its download (gzip or plain tar): the bytes are kept as the blob `blob.digest` and
 * unpacked in the same pass (unpackLayerStream). The blob enters the store only when its digest matched, and the
 * layer only when, in addition, its diff id is `expectedDiffId`; on any failure neither is kept.
 */
export async function ensureLayerFromStream(paths: StorePaths, source: Readable, blob: BlobDescriptor,
  expectedDiffId: string, onBytes?: (bytes: number) => void): Promise<{diffId: string; size: number}> {
  const work = createImportDir(paths);
  const kept = blobTempFile(paths);
  try {
    const unpacked = await unpackLayerStream(source, join(work, 'rootfs'), kept, blob, onBytes);
    if (unpacked.id !== expectedDiffId) throw diffIdMismatch(expectedDiffId, unpacked.id);
    placeBlob(paths, kept, unpacked.input.sha256);
    return placeLayer(paths, join(work, 'rootfs'), unpacked.id, unpacked.bytes, unpacked.opaqueDirs);
  } finally {
    rmSync(kept, {force: true});
    removeTree(work);
  }
}

function diffIdMismatch(expected: string, actual: string): IslanderError {
  return new IslanderError('invalid-image', `layer content does not match its diff id: expected sha256:${expected}, got sha256:${actual}`, {
    suggestion: 'the archive is corrupt or tampered with; nothing was stored',
  });
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
