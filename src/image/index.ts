/** The image store: hostile-safe import of filesystem tarballs, names, lookup and removal. */
export type {ImageConfig, ImageRecord} from './types.js';
export {defaultImageConfig} from './types.js';
export {imageRootfs} from './layout.js';
export {importImage, type ImportOptions} from './import.js';
export {listImages, resolveImage} from './store.js';
export {removeImage, type RemoveResult} from './remove.js';
export {defaultReferenceForFile, parseReference, formatReference, type ImageReference} from './reference.js';
