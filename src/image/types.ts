/**
 * An image as the rest of Islander sees it. `image.json` stores everything but `repoTags`: the names live only
 * in `repositories.json`, so retagging never rewrites an image and the two can never disagree.
 */
export interface ImageConfig {
  Env: string[];
  Cmd: string[];
  Entrypoint: string[];
  WorkingDir: string;
  User: string;
}

export interface ImageRecord {
  /** sha256 hex of the uncompressed tar stream. */
  id: string;
  /** "name:tag" references pointing at this image; empty for a dangling image. */
  repoTags: string[];
  /** ISO 8601 time of the import. */
  created: string;
  /** Bytes of regular-file data unpacked. */
  size: number;
  /** The file the image was imported from. */
  source: string;
  architecture: string;
  os: string;
  config: ImageConfig;
}

export type StoredImage = Omit<ImageRecord, 'repoTags'>;

/** What `docker import` gives a flat filesystem tarball: no command, the usual PATH. */
export function defaultImageConfig(): ImageConfig {
  return {
    Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
    Cmd: [],
    Entrypoint: [],
    WorkingDir: '/',
    User: '',
  };
}
