import type {StorePaths} from '../paths.js';
import {volumeDataDir} from '../volume/names.js';
import {loadVolume} from '../volume/store.js';
import type {MountSpec} from './mount-spec.js';

/** One entry of inspect's `Mounts`, in Docker's shape. */
export interface InspectMount {
  Type: 'volume' | 'bind' | 'tmpfs';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

export function inspectMounts(paths: StorePaths, mounts: readonly MountSpec[]): InspectMount[] {
  return mounts.map((mount): InspectMount => {
    const access = {Mode: mount.readonly ? 'ro' : '', RW: !mount.readonly};
    if (mount.type === 'volume') {
      const volume = loadVolume(paths, mount.name);
      const source = volume?.Mountpoint ?? volumeDataDir(paths, mount.name);
      return {Type: 'volume', Name: mount.name, Source: source, Destination: mount.destination, Driver: volume?.Driver ?? 'local', ...access, Propagation: ''};
    }
    if (mount.type === 'bind') return {Type: 'bind', Source: mount.source, Destination: mount.destination, ...access, Propagation: mount.propagation};
    return {Type: 'tmpfs', Source: '', Destination: mount.destination, ...access, Propagation: ''};
  });
}
