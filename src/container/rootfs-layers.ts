import {join} from 'node:path';
import {imageLowerDirs} from '../image/lower-dirs.js';
import {buildVfsRootfs, storageDriver} from '../image/vfs.js';
import type {StorePaths} from '../paths.js';
import type {BundleInput} from '../runtime/bundle.js';
import type {ContainerRecord} from './record.js';
import type {ContainerDirs} from './store.js';

/**
 * The container's rootfs: an overlay of the image's layers under the container's upper dir, or, with the
 * copying driver (ISLANDER_STORAGE_DRIVER=vfs, or no overlayfs in /proc/filesystems), a private copy of the
 * layers made at first start in <container>/vfs/rootfs.
 */
export function rootfsLayers(paths: StorePaths, record: ContainerRecord, dirs: ContainerDirs): BundleInput['layers'] {
  if (storageDriver() === 'vfs') {
    const copy = join(dirs.dir, 'vfs', 'rootfs');
    buildVfsRootfs(paths, record.image.id, copy);
    return {copy};
  }
  return {lower: imageLowerDirs(paths, record.image.id), upper: dirs.upper, work: dirs.work};
}
