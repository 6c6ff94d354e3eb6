/** The layered image store (storage-contract.md): blobs, layers unpacked once, images, names, load/save, GC. */
export type {ImageConfig, ImageRecord, HistoryEntry} from './types.js';
export {defaultImageConfig} from './types.js';
export {imageLayerViews, imageLowerDirs, imageRootfs} from './lower-dirs.js';
export {storeBlob, storeBlobComputed, blobPath} from './blobs.js';
export {ensureLayer, ensureLayerFromStream, layerExists} from './layers.js';
export {registerImage, type RegisterInput, type RegisterOptions} from './register.js';
export {exportLayerBlob, type ExportedLayer} from './export-layer.js';
export {storageDriver} from './vfs.js';
export {importImage, type ImportOptions} from './import.js';
export {loadImages, type LoadResult} from './load.js';
export {saveImages, type SaveFormat} from './save.js';
export {tagImage} from './tag.js';
export {imageHistory, type HistoryRow} from './history.js';
export {pruneImages, collectGarbage, type PruneResult} from './gc.js';
export {holdLease} from './lease.js';
export {listImages, resolveImage} from './store.js';
export {removeImage, type RemoveResult} from './remove.js';
export {defaultReferenceForFile, parseReference, formatReference, type ImageReference} from './reference.js';
