/** The volume drivers Islander has: a directory, a tmpfs mounted per container, a btrfs subvolume. */
export type VolumeDriverName = 'local' | 'tmpfs' | 'btrfs';

export const VOLUME_DRIVERS: readonly VolumeDriverName[] = ['local', 'tmpfs', 'btrfs'];

/** `volume.json`, in the shape `docker volume inspect` prints, so it is printed as it is stored. */
export interface VolumeRecord {
  Name: string;
  Driver: VolumeDriverName;
  /** The host directory that containers get (`<root>/volumes/<name>/_data`). */
  Mountpoint: string;
  CreatedAt: string;
  Labels: Record<string, string>;
  /** The driver options given to `volume create --opt` (tmpfs: size, nr_inodes, mode, uid, gid). */
  Options: Record<string, string>;
  Scope: 'local';
}
