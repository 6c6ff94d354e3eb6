import {createHash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {join, resolve} from 'node:path';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {eachLimited} from '../util/each-limited.js';
import {removeTree} from '../util/remove-tree.js';
import {
  fileInside, invalidArchive, isIndexMediaType, layoutBlobPath, parseDockerManifest, parseOciIndex, parseOciManifest,
  readArchiveJson, type Descriptor,
} from './archive-manifest.js';
import {blobMismatch} from './blob-mismatch.js';
import {adoptBlob} from './blobs.js';
import {detectFormat} from './compression.js';
import {parseImageConfig} from './config.js';
import {digestHex} from './digest.js';
import {MEDIA_TYPES, uncompressedStream} from './export-layer.js';
import {collectGarbage} from './gc.js';
import {ensureLayer, layerExists} from './layers.js';
import {holdLease} from './lease.js';
import {runSteps} from './progress.js';
import {tryParseReference} from './reference.js';
import {registerImage} from './register.js';
import {createImportDir, removeStaleWorkDirs} from './tmp.js';
import type {ImageRecord} from './types.js';
import {unpackArchive} from './unpack.js';

export interface LoadResult {
  images: ImageRecord[];
  /** What `docker load` prints: "Loaded image: NAME" per name, or "Loaded image ID: sha256:..." when none. */
  loaded: string[];
}

/** One image found in an archive, before anything is stored. */
interface PendingImage {
  configJson: Buffer;
  layers: {file: string; digest?: string}[];
  names: string[];
}

/**
 * `islander image load -i FILE`: a `docker save` archive (manifest.json) or an OCI image layout (oci-layout,
 * index.json), plain, gzip or zstd. The outer archive is unpacked by isle-unpack into a private directory
 * (hostile-safe like any import); every blob is verified against its digest, every layer against the config's
 * diff_ids, and only then is the image registered.
 */
export async function loadImages(paths: StorePaths, file: string, options: {progress: boolean}): Promise<LoadResult> {
  const source = resolve(file);
  ensureDir(paths.images);
  removeStaleWorkDirs(paths);
  const work = createImportDir(paths);
  const dir = join(work, 'rootfs');
  const images: ImageRecord[] = [];
  const releaseLease = holdLease(paths);
  try {
    let pending: PendingImage[] = [];
    await runSteps([
      {title: `Reading ${file}`, run: async () => { await unpackArchive(source, detectFormat(source), dir); }},
      {title: 'Reading the manifest', run: async () => { pending = readArchive(dir); }},
      {
        title: 'Storing layers',
        run: async () => {
          // An archive's layer file becomes a blob by rename, so a second listing of it takes that blob.
          const blobs = new Map<string, Promise<StoredBlob>>();
          for (const image of pending) images.push(await storeImage(paths, image, source, blobs));
        },
      },
    ], options.progress);
  } catch (error) {
    // Blobs and layers of a failed load that no image uses go now, so a refused archive leaves nothing behind.
    releaseLease();
    collectGarbage(paths);
    throw error;
  } finally {
    releaseLease();
    removeTree(work);
  }
  const loaded = images.flatMap((image) => image.repoTags.length > 0 ? image.repoTags.map((tag) => `Loaded image: ${tag}`)
    : [`Loaded image ID: sha256:${image.id}`]);
  return {images, loaded};
}

function readArchive(dir: string): PendingImage[] {
  if (existsSync(join(dir, 'manifest.json'))) return readDockerArchive(dir);
  if (existsSync(join(dir, 'index.json'))) return readOciLayout(dir);
  throw invalidArchive('neither manifest.json (docker save) nor index.json (OCI image layout) found');
}

function readDockerArchive(dir: string): PendingImage[] {
  return parseDockerManifest(readArchiveJson(dir, 'manifest.json').json).map((entry) => ({
    configJson: readArchiveJson(dir, entry.config).raw,
    layers: entry.layers.map((layer) => ({file: fileInside(dir, layer), digest: digestFromPath(layer)})),
    names: entry.repoTags.filter((tag) => tryParseReference(tag) !== undefined),
  }));
}

/** Docker 25+ archives name blobs blobs/sha256/<hex>: that name is a digest to verify. */
function digestFromPath(path: string): string | undefined {
  const match = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(path);
  return match ? `sha256:${match[1]}` : undefined;
}

function readOciLayout(dir: string): PendingImage[] {
  const layout = readArchiveJson(dir, 'oci-layout').json as {imageLayoutVersion?: unknown};
  if (typeof layout !== 'object' || layout === null || typeof layout.imageLayoutVersion !== 'string') {
    throw invalidArchive('oci-layout has no imageLayoutVersion');
  }
  const pending: PendingImage[] = [];
  for (const descriptor of parseOciIndex(readArchiveJson(dir, 'index.json').json)) {
    const manifest = resolveManifest(dir, descriptor, 0);
    pending.push({
      configJson: readArchiveJson(dir, layoutBlobPath(manifest.config.digest)).raw,
      layers: manifest.layers.map((layer) => ({file: fileInside(dir, layoutBlobPath(layer.digest)), digest: layer.digest})),
      names: ociNames(descriptor),
    });
  }
  return pending;
}

/** A manifest, or for an image index the linux/amd64 (or only) entry, at most a few levels deep. */
function resolveManifest(dir: string, descriptor: Descriptor, depth: number): ReturnType<typeof parseOciManifest> {
  if (depth > 4) throw invalidArchive('image indexes nested too deep');
  const json = readArchiveJson(dir, layoutBlobPath(descriptor.digest)).json;
  if (!isIndexMediaType(descriptor.mediaType)) return parseOciManifest(json);
  const entries = parseOciIndex(json);
  const chosen = entries.find((entry) => entry.platform?.os === 'linux' && entry.platform.architecture === 'amd64') ?? (entries.length === 1 ? entries[0] : undefined);
  if (!chosen) throw invalidArchive('the image index has no linux/amd64 image');
  return resolveManifest(dir, chosen, depth + 1);
}

function ociNames(descriptor: Descriptor): string[] {
  const full = descriptor.annotations['io.containerd.image.name'];
  if (full && tryParseReference(full)) return [full];
  const ref = descriptor.annotations['org.opencontainers.image.ref.name'];
  return ref && ref.includes(':') && tryParseReference(ref) ? [ref] : [];
}

type StoredBlob = {digest: string; path: string};

/** Layers stored at once: hashing and extracting one layer leaves a core idle that the next can use. */
const PARALLEL_LAYERS = 3;

async function storeImage(paths: StorePaths, image: PendingImage, source: string,
  blobs: Map<string, Promise<StoredBlob>>): Promise<ImageRecord> {
  const diffIds = parseImageConfig(image.configJson).diffIds;
  if (image.layers.length === 0) throw invalidArchive('an image has no layers');
  if (diffIds.length !== image.layers.length) {
    throw invalidArchive(`the config lists ${diffIds.length} layers but the manifest ${image.layers.length}`);
  }
  const layerDigests: string[] = [];
  const mediaTypes: string[] = [];
  await eachLimited(image.layers, PARALLEL_LAYERS, async (layer, index) => {
    const adopted = blobs.get(layer.file) ?? adoptBlob(paths, layer.file, layer.digest);
    blobs.set(layer.file, adopted);
    const blob = await adopted;
    if (layer.digest !== undefined && blob.digest !== layer.digest) throw blobMismatch(layer.digest, digestHex(blob.digest));
    const diffId = diffIds[index] ?? '';
    // A stored layer is not unpacked again, so an archive not yet seen must still prove it holds that layer.
    if (layerExists(paths, diffId) && blob.digest !== `sha256:${diffId}` && await uncompressedSha(blob.path) !== diffId) {
      throw invalidArchive(`layer ${layer.digest ?? index} does not match its diff id sha256:${diffId}`);
    }
    await ensureLayer(paths, blob.path, diffId);
    layerDigests[index] = blob.digest;
    mediaTypes[index] = MEDIA_TYPES[detectFormat(blob.path)];
  });
  return registerImage(paths, {configJson: image.configJson, layerDiffIds: diffIds, layerDigests, mediaTypes}, image.names, {source});
}

async function uncompressedSha(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of uncompressedStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
