import {IslanderError} from '../errors.js';

/** The manifest formats a v2 registry serves: OCI and Docker schema 2, each as an image manifest or an index. */
export const MEDIA = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerTar: 'application/vnd.oci.image.layer.v1.tar',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
} as const;

export const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');

const LAYER_TYPES = new Set<string>([MEDIA.ociLayerGzip, MEDIA.ociLayerZstd, MEDIA.ociLayerTar, MEDIA.dockerLayerGzip,
  'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip']);

/** zstd layers are unpacked from their stored blob (through `zstd -d`); gzip and plain ones stream (isle-unpack --gunzip). */
export function isZstdLayer(mediaType: string): boolean {
  return mediaType === MEDIA.ociLayerZstd;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: {os?: string; architecture?: string; variant?: string};
}

export interface ImageManifest {
  kind: 'manifest';
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

export interface ImageIndex {
  kind: 'index';
  mediaType: string;
  manifests: Descriptor[];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

function invalid(what: string, why: string): IslanderError {
  return new IslanderError('invalid-image', `the registry's ${what} is not a valid image manifest: ${why}`, {
    suggestion: 'the image may use a format Islander does not read (schema 1 manifests are not supported); push it again with a current tool',
  });
}

function descriptor(value: unknown, what: string): Descriptor {
  const d = value as Partial<Descriptor> | null;
  if (!d || typeof d.mediaType !== 'string' || typeof d.digest !== 'string' || !DIGEST.test(d.digest) ||
    typeof d.size !== 'number' || !Number.isSafeInteger(d.size) || d.size < 0) {
    throw invalid(what, 'a descriptor lacks mediaType, a sha256 digest or size');
  }
  return {mediaType: d.mediaType, digest: d.digest, size: d.size, platform: d.platform};
}

/** Parses a manifest or index; the Content-Type header decides when the body has no mediaType of its own. */
export function parseManifest(bytes: Buffer, contentType: string | undefined, what: string): ImageManifest | ImageIndex {
  let json: {mediaType?: unknown; schemaVersion?: unknown; manifests?: unknown; config?: unknown; layers?: unknown};
  try {
    json = JSON.parse(bytes.toString('utf8')) as typeof json;
  } catch {
    throw invalid(what, 'it is not JSON');
  }
  if (json.schemaVersion !== 2) throw invalid(what, `schemaVersion ${String(json.schemaVersion)}`);
  const mediaType = typeof json.mediaType === 'string' ? json.mediaType : (contentType ?? '').split(';')[0]!.trim();
  const isIndex = mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList || (Array.isArray(json.manifests) && !json.config);
  if (isIndex) {
    if (!Array.isArray(json.manifests)) throw invalid(what, 'an index without manifests');
    return {kind: 'index', mediaType: mediaType || MEDIA.ociIndex, manifests: json.manifests.map((m) => descriptor(m, what))};
  }
  if (!Array.isArray(json.layers)) throw invalid(what, 'no layers');
  const layers = json.layers.map((l) => descriptor(l, what));
  const unknown = layers.find((layer) => !LAYER_TYPES.has(layer.mediaType));
  if (unknown) throw invalid(what, `unsupported layer media type ${unknown.mediaType}`);
  return {kind: 'manifest', mediaType: mediaType || MEDIA.ociManifest, config: descriptor(json.config, what), layers};
}

/** linux/amd64 (the host's platform) from an index; amd64 has no variants worth choosing between. */
export function pickPlatform(index: ImageIndex, what: string, os = 'linux', architecture = hostArchitecture()): Descriptor {
  const match = index.manifests.find((m) => m.platform?.os === os && m.platform.architecture === architecture);
  if (match) return match;
  const offered = index.manifests.map((m) => `${m.platform?.os ?? '?'}/${m.platform?.architecture ?? '?'}`).join(', ');
  throw new IslanderError('not-found', `${what} has no image for ${os}/${architecture} (it offers ${offered || 'none'})`, {
    suggestion: 'pull an image built for this platform',
  });
}

function hostArchitecture(): string {
  const names: Record<string, string> = {x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x'};
  return names[process.arch] ?? process.arch;
}

/** The manifest Islander pushes: OCI, unless the layers are Docker's (then Docker schema 2, as the source had it). */
export function buildManifest(config: {digest: string; size: number}, layers: readonly Descriptor[]): {mediaType: string; bytes: Buffer} {
  const docker = layers.some((layer) => layer.mediaType.startsWith('application/vnd.docker.'));
  const mediaType = docker ? MEDIA.dockerManifest : MEDIA.ociManifest;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: {mediaType: docker ? MEDIA.dockerConfig : MEDIA.ociConfig, digest: config.digest, size: config.size},
    layers: layers.map(({mediaType: type, digest, size}) => ({mediaType: type, digest, size})),
  };
  return {mediaType, bytes: Buffer.from(JSON.stringify(manifest))};
}
