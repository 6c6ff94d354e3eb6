import type {StorePaths} from '../paths.js';
import {readJsonIfExists, writeJsonAtomic} from '../util/atomic.js';
import {layerRecordPath} from './layout.js';

/** The stored archives of a layer: how it arrived, and the gzip made for push/save (exportLayerBlob). */
export interface LayerBlob {
  digest: string;
  size: number;
  mediaType: string;
}

export interface LayerRecord {
  diffId: string;
  /** Bytes of regular-file data. */
  size: number;
  createdAt: string;
  blobs: LayerBlob[];
  /** Directories marked opaque (trusted.overlay.opaque), for the copying driver, which cannot read the xattr. */
  opaqueDirs?: string[];
}

export function readLayer(paths: StorePaths, diffId: string): LayerRecord | undefined {
  const record = readJsonIfExists<LayerRecord>(layerRecordPath(paths, diffId));
  return record ? {...record, blobs: record.blobs ?? []} : undefined;
}

export function writeLayer(paths: StorePaths, record: LayerRecord): void {
  writeJsonAtomic(layerRecordPath(paths, record.diffId), record);
}

/** Records another archive of the layer (call under the store lock). */
export function addLayerBlob(paths: StorePaths, diffId: string, blob: LayerBlob): void {
  const record = readLayer(paths, diffId);
  if (!record || record.blobs.some((known) => known.digest === blob.digest)) return;
  writeLayer(paths, {...record, blobs: [...record.blobs, blob]});
}
