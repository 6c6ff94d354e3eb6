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
  ExposedPorts?: Record<string, Record<string, never>>;
  Labels?: Record<string, string>;
}

/** One entry of the image config's history (OCI image spec). */
export interface HistoryEntry {
  created?: string;
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

export interface ImageRecord {
  /** Layered images: sha256 hex of the config JSON (Docker's rule). `image import`: of the uncompressed tar. */
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
  /** Layer diffids (hex), bottom first. Empty only for a record of the pre-layer store (migrate.ts). */
  layers: string[];
  history: HistoryEntry[];
  /** "sha256:<hex>" of the config blob, when the image came with one (load, pull). */
  configDigest?: string;
  /** The layers' archives as received ("sha256:<hex>"), parallel to `layers`, for save and push as they were. */
  layerDigests?: string[];
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
