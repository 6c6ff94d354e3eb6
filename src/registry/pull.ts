import {readFileSync} from 'node:fs';
import {IslanderError} from '../errors.js';
import {blobPath, ensureLayer, registerImage, storeBlob, type ImageRecord} from '../image/index.js';
import {runSteps} from '../image/progress.js';
import type {StorePaths} from '../paths.js';
import {fetchBlob, getManifest, type FetchedManifest} from './api.js';
import type {RegistryClient} from './client.js';
import {parseManifest, pickPlatform, type Descriptor, type ImageManifest} from './manifest.js';
import {formatRemote, localTag, manifestReference, parseRemoteReference, type RemoteReference} from './reference.js';
import {clientFor, eachLimited, type TransferOptions} from './session.js';

/**
 * `islander pull`: manifest (an index resolves to linux/amd64), config, then the layers — downloaded three at a
 * time into the blob store (each verified against its digest while it streams), and each unpacked as soon as its
 * blob is in, while later ones still download. The image is registered only when every layer is in place, so a
 * failed pull leaves no image (blobs and layers it stored are shared content the store's GC may collect).
 */
export interface PullResult {
  image: ImageRecord;
  /** The manifest's digest, as `docker pull` prints it. */
  digest: string;
  reference: string;
}

const PARALLEL_DOWNLOADS = 3;

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

/** Downloads (bounded) and unpacks (one at a time, in the order the blobs arrive) every layer. */
async function fetchLayers(paths: StorePaths, client: RegistryClient, ref: RemoteReference, layers: readonly Descriptor[],
  diffIds: readonly string[], setTitle: (title: string) => void): Promise<void> {
  const total = layers.reduce((sum, layer) => sum + layer.size, 0);
  let received = 0;
  let unpacked = 0;
  let shownMiB = -1;
  const report = (): void => {
    const mib = Math.floor(received / 1048576);
    if (mib === shownMiB && unpacked !== layers.length) return;
    shownMiB = mib;
    setTitle(`Pulling ${layers.length} layer${layers.length === 1 ? '' : 's'} (${mib}/${Math.ceil(total / 1048576)} MiB, ${unpacked} unpacked)`);
  };
  report();

  let unpackChain: Promise<void> = Promise.resolve();
  const unpacks: Promise<void>[] = [];
  await eachLimited(layers, PARALLEL_DOWNLOADS, async (layer, index) => {
    let path = blobPath(paths, layer.digest);
    if (!path) {
      const stream = await fetchBlob(client, ref.repository, layer.digest, layer.size, (bytes) => { received += bytes; report(); });
      path = await storeBlob(paths, layer.digest, stream);
    } else {
      received += layer.size;
    }
    const blob = path;
    unpackChain = unpackChain.then(async () => {
      const result = await ensureLayer(paths, blob, diffIds[index]);
      if (result.diffId !== diffIds[index]) {
        throw new IslanderError('invalid-image', `layer ${layer.digest.slice(0, 19)} unpacks to sha256:${result.diffId}, not the config's sha256:${diffIds[index]}`, {
          suggestion: 'the image is malformed or tampered with; nothing was registered',
        });
      }
      unpacked++;
      report();
    });
    unpacks.push(unpackChain);
    unpackChain = unpackChain.catch(() => undefined); // a failure is reported once, by `unpacks`
  });
  await Promise.all(unpacks);
}
