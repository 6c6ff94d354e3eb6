import {existsSync, mkdirSync} from 'node:fs';
import {IslanderError, isIslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import type {OciMount} from '../runtime/oci.js';
import {volumeOciMount} from '../volume/drivers.js';
import {prefillVolume} from '../volume/prefill.js';
import {createVolume, loadVolume} from '../volume/store.js';
import type {MountSpec} from './mount-spec.js';

/**
 * The host side of a container's mounts. At creation, under the volume lock and before the record is written:
 * named volumes are made on first use and a missing `-v` host directory is created (Docker's rules); once the
 * record names them: empty volumes are pre-filled from the image. At every start: the OCI mounts.
 */
export async function ensureMountSources(paths: StorePaths, mounts: readonly MountSpec[]): Promise<void> {
  for (const mount of mounts) {
    if (mount.type === 'bind' && mount.createSource && !existsSync(mount.source)) {
      mkdirSync(mount.source, {recursive: true, mode: 0o755});
    }
    if (mount.type === 'volume') await createVolume(paths, mount.name, {driver: loadVolume(paths, mount.name)?.Driver ?? 'local', options: {}, labels: {}});
  }
}

export async function prefillVolumes(paths: StorePaths, mounts: readonly MountSpec[], imageId: string): Promise<void> {
  for (const mount of mounts) {
    if (mount.type !== 'volume' || mount.noCopy || loadVolume(paths, mount.name)?.Driver === 'tmpfs') continue;
    try {
      await prefillVolume(paths, mount.name, imageId, mount.destination);
    } catch (error) {
      if (isIslanderError(error)) throw error;
      throw new IslanderError('system', `cannot fill volume '${mount.name}' from the image's ${mount.destination}: ${error instanceof Error ? error.message : String(error)}`, {
        suggestion: 'check the space on the volume\'s filesystem, or mount it with :nocopy',
        cause: error,
      });
    }
  }
}

/** Bind sources that must exist before anything is created (`--mount type=bind` does not create them). */
export function checkBindSources(mounts: readonly MountSpec[]): void {
  for (const mount of mounts) {
    if (mount.type === 'bind' && !mount.createSource && !existsSync(mount.source)) {
      throw new IslanderError('usage', `bind source path '${mount.source}' does not exist`, {suggestion: 'create it first, or use -v, which creates a missing directory'});
    }
  }
}

/** The OCI mounts for a start, parents before children (Docker sorts by depth too). */
export function ociMounts(paths: StorePaths, mounts: readonly MountSpec[]): OciMount[] {
  const depth = (path: string): number => path.split('/').length;
  return [...mounts].sort((a, b) => depth(a.destination) - depth(b.destination)).map((mount): OciMount => {
    const ro = mount.readonly ? ['ro'] : [];
    if (mount.type === 'tmpfs') return {destination: mount.destination, type: 'tmpfs', source: 'tmpfs', options: [...mount.options, ...ro]};
    if (mount.type === 'bind') {
      // Docker makes a `-v` directory again at each start; a `--mount` source must be there.
      if (mount.createSource && !existsSync(mount.source)) mkdirSync(mount.source, {recursive: true, mode: 0o755});
      if (!existsSync(mount.source)) {
        throw new IslanderError('usage', `bind source path '${mount.source}' no longer exists`, {suggestion: 'create it again, or remove the container'});
      }
      return {destination: mount.destination, type: 'bind', source: mount.source, options: ['rbind', mount.propagation, ...ro]};
    }
    const volume = loadVolume(paths, mount.name);
    if (!volume) throw new IslanderError('not-found', `volume '${mount.name}' of this container no longer exists`, {suggestion: `create it again with 'islander volume create ${mount.name}'`});
    return volumeOciMount(volume, volume.Mountpoint, mount.destination, mount.readonly);
  });
}
