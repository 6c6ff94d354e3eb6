import {release} from 'node:os';
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
  // A --rm container's writes are thrown away at its exit: as podman does, its overlay skips the syncs of the
  // upper filesystem (volatile, Linux 5.10+) that would otherwise make its exit wait for those writes to reach disk.
  const volatile = record.hostConfig.autoRemove && kernelAtLeast(5, 10);
  return {lower: imageLowerDirs(paths, record.image.id), upper: dirs.upper, work: dirs.work, volatile};
}

function kernelAtLeast(major: number, minor: number): boolean {
  const [have = 0, haveMinor = 0] = release().split('.').map((part) => Number.parseInt(part, 10));
  return have > major || (have === major && haveMinor >= minor);
}
