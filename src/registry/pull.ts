import {readFileSync} from 'node:fs';
import {IslanderError, isIslanderError} from '../errors.js';
import {blobPath, ensureLayer, ensureLayerFromStream, layerExists, registerImage, storeBlob, type ImageRecord} from '../image/index.js';
import {runSteps} from '../image/progress.js';
import type {StorePaths} from '../paths.js';
import {eachLimited} from '../util/each-limited.js';
import {traceMark} from '../util/trace.js';
import {fetchBlob, getManifest, openBlob, type FetchedManifest} from './api.js';
import type {RegistryClient} from './client.js';
import {digestMismatch} from './errors.js';
import {isZstdLayer, parseManifest, pickPlatform, type Descriptor, type ImageManifest} from './manifest.js';
import {formatRemote, localTag, manifestReference, parseRemoteReference, type RemoteReference} from './reference.js';
import {clientFor, type TransferOptions} from './session.js';

/**
 * `islander pull`: manifest (an index resolves to linux/amd64), config, then the layers, all at once, each
 * unpacked while it downloads and kept as a blob only when its digest matched (fetchLayers). The image is
 * registered only when every layer is in place, so a failed pull leaves no image (blobs and layers it stored
 * are shared content the store's GC may collect).
 */
export interface PullResult {
  image: ImageRecord;
  /** The manifest's digest, as `docker pull` prints it. */
  digest: string;
  reference: string;
}

/**
 * Layers pulled at once, each streaming into its own isle-unpack: docker pulls 3 at a time. On the loopback
 * the extractors keep every core busy; from a remote registry the parallel downloads hide its latency.
 */
const PARALLEL_LAYERS = 4;

export async function pullImage(paths: StorePaths, text: string, options: TransferOptions): Promise<PullResult> {
  const ref = parseRemoteReference(text);
  const shown = formatRemote(ref);
  const client = clientFor(ref, options);
  let resolved: {manifest: ImageManifest; digest: string} | undefined;
  let configJson: Buffer | undefined;
  let diffIds: string[] = [];
  let image: ImageRecord | undefined;

  await runSteps([
    {
      title: `Resolving ${shown}`,
      run: async () => {
        resolved = await resolveManifest(client, ref, shown);
        configJson = await fetchConfig(paths, client, ref, resolved.manifest.config);
        diffIds = configDiffIds(configJson, resolved.manifest, shown);
        traceMark('pull: manifest and config');
      },
    },
    {
      title: 'Pulling layers',
      run: async (setTitle) => {
        if (!resolved) throw new IslanderError('internal', 'pull without a manifest');
        await fetchLayers(paths, client, ref, resolved.manifest.layers, diffIds, setTitle);
      },
    },
    {
      title: `Storing ${shown}`,
      run: async () => {
        if (!resolved || !configJson) throw new IslanderError('internal', 'pull without a config');
        const tag = localTag(ref);
        image = registerImage(paths, {
          configJson,
          layerDiffIds: diffIds,
          layerDigests: resolved.manifest.layers.map((layer) => layer.digest),
          mediaTypes: resolved.manifest.layers.map((layer) => layer.mediaType),
        }, tag ? [tag] : []);
      },
    },
  ], options.progress);
  if (!image || !resolved) throw new IslanderError('internal', 'pull finished without an image');
  return {image, digest: resolved.digest, reference: shown};
}

async function resolveManifest(client: RegistryClient, ref: RemoteReference, shown: string): Promise<{manifest: ImageManifest; digest: string}> {
  const first: FetchedManifest = await getManifest(client, ref.repository, manifestReference(ref), shown);
  const parsed = parseManifest(first.bytes, first.contentType, `manifest of '${shown}'`);
  if (parsed.kind === 'manifest') return {manifest: parsed, digest: first.digest};
  const chosen: Descriptor = pickPlatform(parsed, `'${shown}'`);
  const second = await getManifest(client, ref.repository, chosen.digest, `${shown}@${chosen.digest}`);
  const manifest = parseManifest(second.bytes, second.contentType, `manifest of '${shown}' for linux`);
  if (manifest.kind !== 'manifest') {
    throw new IslanderError('invalid-image', `'${shown}' is an index of indexes`, {suggestion: 'pull a platform image by its digest'});
  }
  return {manifest, digest: first.digest};
}

async function fetchConfig(paths: StorePaths, client: RegistryClient, ref: RemoteReference, config: Descriptor): Promise<Buffer> {
  const stored = blobPath(paths, config.digest) ??
    await storeBlob(paths, config.digest, await fetchBlob(client, ref.repository, config.digest, config.size));
  return readFileSync(stored);
}

/** The config's rootfs.diff_ids as the store names layers (hex): one per layer, the sha256 of its uncompressed tar. */
function configDiffIds(configJson: Buffer, manifest: ImageManifest, shown: string): string[] {
  let diffIds: unknown;
  try {
    diffIds = (JSON.parse(configJson.toString('utf8')) as {rootfs?: {diff_ids?: unknown}}).rootfs?.diff_ids;
  } catch {
    diffIds = undefined;
  }
  if (!Array.isArray(diffIds) || diffIds.length !== manifest.layers.length ||
    !diffIds.every((id) => typeof id === 'string' && /^sha256:[0-9a-f]{64}$/.test(id))) {
    throw new IslanderError('invalid-image', `the image config of '${shown}' does not list one diff id per layer`, {
      suggestion: 'the image is malformed; rebuild and push it again',
    });
  }
  return (diffIds as string[]).map((id) => id.slice('sha256:'.length));
}

/**
 * The layers, PARALLEL_LAYERS at a time, each in one pass from the registry into the store (pullLayer), so the
 * downloads, the inflating and hashing (in C) and the disk writes of all layers overlap.
 */
async function fetchLayers(paths: StorePaths, client: RegistryClient, ref: RemoteReference, layers: readonly Descriptor[],
  diffIds: readonly string[], setTitle: (title: string) => void): Promise<void> {
  const total = layers.reduce((sum, layer) => sum + layer.size, 0);
  let received = 0;
  let unpacked = 0;
  let shown = '';
  const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);
  const report = (): void => {
    const title = `Pulling ${layers.length} layer${layers.length === 1 ? '' : 's'} (${mib(received)}/${mib(total)} MiB, ${unpacked} unpacked)`;
    if (title === shown) return;
    shown = title;
    setTitle(title);
  };
  report();

  // A layer listed twice (empty layers often are) is pulled once; the key holds the diff id, so each is verified.
  const pulls = new Map<string, Promise<void>>();
  await eachLimited(layers, PARALLEL_LAYERS, async (layer, index) => {
    const diffId = diffIds[index]!;
    const key = `${layer.digest} ${diffId}`;
    const pull = pulls.get(key) ?? pullLayer(paths, client, ref, layer, diffId, (bytes) => { received += bytes; report(); });
    pulls.set(key, pull);
    await pull;
    unpacked++;
    traceMark(`pull: layer ${diffId.slice(0, 12)} in place`);
    report();
  });
}

/**
 * One layer into the store: unpacked from its blob when the store has the blob, else downloaded and streamed
 * into isle-unpack, which keeps the blob as it unpacks. A zstd layer, or a layer stored without this blob, is
 * downloaded into the blob store first.
 */
async function pullLayer(paths: StorePaths, client: RegistryClient, ref: RemoteReference, layer: Descriptor, diffId: string,
  onBytes: (bytes: number) => void): Promise<void> {
  const stored = blobPath(paths, layer.digest);
  if (stored) {
    onBytes(layer.size);
    await ensureLayer(paths, stored, diffId);
    return;
  }
  try {
    if (isZstdLayer(layer.mediaType) || layerExists(paths, diffId)) {
      // storeBlob hashes what it writes and keeps nothing that does not match; fetchBlob still checks the size.
      const download = await fetchBlob(client, ref.repository, layer.digest, layer.size, {verifyDigest: false, onBytes});
      await ensureLayer(paths, await storeBlob(paths, layer.digest, download), diffId);
    } else {
      // isle-unpack hashes every byte it keeps: matching the digest, the blob has the manifest's size too.
      await ensureLayerFromStream(paths, await openBlob(client, ref.repository, layer.digest), layer, diffId, onBytes);
    }
  } catch (error) {
    throw isIslanderError(error) && error.message.includes('does not match its content') ? digestMismatchFrom(client, layer.digest, error) : error;
  }
}

/** The store's digest mismatch, said as the registry's fault: "blob sha256:... from registry X does not match its digest". */
function digestMismatchFrom(client: RegistryClient, digest: string, error: IslanderError): IslanderError {
  const actual = /\(sha256:([0-9a-f]{64})\)/.exec(error.message)?.[1];
  return digestMismatch(client.registry, `blob ${digest.slice(0, 19)}`, digest, actual ? `sha256:${actual}` : 'other content');
}
