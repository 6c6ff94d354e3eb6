import {copyFileSync, createWriteStream, linkSync, mkdirSync, statSync, writeFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {pipeline} from 'node:stream/promises';
import {IslanderError, isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {importEsm} from '../util/import-esm.js';
import {removeTree} from '../util/remove-tree.js';
import {blobPath} from './blobs.js';
import {detectFormat} from './compression.js';
import {digestHex, sha256Hex} from './digest.js';
import {exportLayerBlob, MEDIA_TYPES} from './export-layer.js';
import {formatReference, tryParseReference} from './reference.js';
import {resolveImage} from './store.js';
import {createImportDir} from './tmp.js';
import type {ImageRecord} from './types.js';

export type SaveFormat = 'docker-archive' | 'oci-archive';

interface Blob {
  digest: string;
  size: number;
  mediaType: string;
}

const MANIFEST_TYPE = 'application/vnd.oci.image.manifest.v1+json';
const CONFIG_TYPE = 'application/vnd.oci.image.config.v1+json';

/**
 * `islander image save`: the images as an OCI image layout, plus (docker-archive, the default) Docker's
 * manifest.json naming the same blobs — the layout Docker 25+ writes, read by `docker load` and by our load.
 * Config and layer blobs are the stored ones, byte for byte, so a save → load round trip keeps the image id.
 * Blobs are hard-linked into a staging directory, not copied, and packed by node-tar.
 */
export async function saveImages(paths: StorePaths, refs: string[], format: SaveFormat,
  output: string | NodeJS.WritableStream): Promise<ImageRecord[]> {
  const images = refs.map((ref) => ({ref, image: resolveImage(paths, ref)}));
  const work = createImportDir(paths);
  const stage = join(work, 'rootfs');
  try {
    mkdirSync(join(stage, 'blobs', 'sha256'), {recursive: true});
    const index: object[] = [];
    const dockerManifest: object[] = [];
    for (const {ref, image} of images) {
      const config = configBlob(paths, image);
      link(config.path, stage, config.blob.digest);
      const layers: Blob[] = [];
      for (const [position, diffId] of image.layers.entries()) {
        const stored = image.layerDigests?.[position];
        const path = stored ? blobPath(paths, stored) : undefined;
        const layer = path && stored ? {digest: stored, path, mediaType: MEDIA_TYPES[detectFormat(path)]} : await exportLayerBlob(paths, diffId);
        link(layer.path, stage, layer.digest);
        layers.push({digest: layer.digest, size: sizeOf(layer.path), mediaType: layer.mediaType});
      }
      const manifest = Buffer.from(JSON.stringify({schemaVersion: 2, mediaType: MANIFEST_TYPE, config: config.blob, layers}));
      const manifestDigest = `sha256:${sha256Hex(manifest)}`;
      writeFileSync(join(stage, 'blobs', 'sha256', digestHex(manifestDigest)), manifest);
      const names = savedNames(ref, image);
      index.push({
        mediaType: MANIFEST_TYPE, digest: manifestDigest, size: manifest.length,
        ...(names[0] ? {annotations: {'io.containerd.image.name': names[0], 'org.opencontainers.image.ref.name': names[0].slice(names[0].lastIndexOf(':') + 1)}} : {}),
      });
      dockerManifest.push({
        Config: `blobs/sha256/${digestHex(config.blob.digest)}`,
        RepoTags: names,
        Layers: layers.map((layer) => `blobs/sha256/${digestHex(layer.digest)}`),
      });
    }
    writeFileSync(join(stage, 'oci-layout'), JSON.stringify({imageLayoutVersion: '1.0.0'}));
    writeFileSync(join(stage, 'index.json'), JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: index}));
    const entries = ['oci-layout', 'index.json', 'blobs'];
    if (format === 'docker-archive') {
      writeFileSync(join(stage, 'manifest.json'), JSON.stringify(dockerManifest));
      entries.push('manifest.json');
    }
    // tar is loaded here only: at the top of the module every image command (`image ls`, `pull`) paid ~10 ms for it.
    const {create} = await importEsm<typeof import('tar')>('tar');
    const packed = create({cwd: stage, portable: true}, entries);
    await pipeline(packed, typeof output === 'string' ? createWriteStream(resolve(output)) : output);
  } finally {
    removeTree(work);
  }
  return images.map(({image}) => image);
}

/** As `docker save`: an image asked for by name carries that name; one asked for by id carries none. */
function savedNames(ref: string, image: ImageRecord): string[] {
  const parsed = tryParseReference(ref);
  const name = parsed ? formatReference(parsed) : undefined;
  return name !== undefined && image.repoTags.includes(name) ? [name] : [];
}

function configBlob(paths: StorePaths, image: ImageRecord): {blob: Blob; path: string} {
  const digest = image.configDigest ?? `sha256:${image.id}`;
  const path = blobPath(paths, digest);
  if (!path) throw new IslanderError('invalid-image', `the config blob of image ${image.id.slice(0, 12)} is missing`, {suggestion: 'load or import the image again'});
  return {blob: {digest, size: sizeOf(path), mediaType: CONFIG_TYPE}, path};
}

function link(source: string, stage: string, digest: string): void {
  const target = join(stage, 'blobs', 'sha256', digestHex(digest));
  try {
    linkSync(source, target);
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return;
    if (isErrno(error, 'EXDEV')) copyFileSync(source, target);
    else throw error;
  }
}

function sizeOf(file: string): number {
  return statSync(file).size;
}
