import {createReadStream, statSync} from 'node:fs';
import {IslanderError} from '../errors.js';
import {blobPath, exportLayerBlob, resolveImage} from '../image/index.js';
import {runSteps} from '../image/progress.js';
import type {StorePaths} from '../paths.js';
import {eachLimited} from '../util/each-limited.js';
import {putManifest, uploadBlob} from './api.js';
import {buildManifest, type Descriptor} from './manifest.js';
import {formatRemote, parseRemoteReference} from './reference.js';
import {clientFor, type TransferOptions} from './session.js';

/**
 * `islander push IMAGE [DEST]`: the image's config blob as stored (so its id, the config's digest, survives
 * the round trip), each layer as the compressed blob the store keeps or makes once (exportLayerBlob), then the
 * manifest under DEST's tag. Blobs the registry already has are not sent again.
 */
export interface PushResult {
  digest: string;
  reference: string;
}

const PARALLEL_UPLOADS = 3;

export async function pushImage(paths: StorePaths, imageRef: string, destination: string | undefined,
  options: TransferOptions): Promise<PushResult> {
  const image = resolveImage(paths, imageRef);
  if (destination === undefined && /^(?:sha256:)?[0-9a-f]{4,64}$/.test(imageRef) && !image.repoTags.some((tag) => tag.startsWith(imageRef))) {
    throw new IslanderError('usage', `'${imageRef}' is an image id, not a name to push to`, {
      suggestion: 'give the destination: islander push IMAGE REGISTRY[:PORT]/NAME[:TAG]',
    });
  }
  const dest = parseRemoteReference(destination ?? imageRef);
  if (dest.digest) {
    throw new IslanderError('usage', `cannot push to a digest ('${destination ?? imageRef}')`, {suggestion: 'push to NAME:TAG'});
  }
  const shown = formatRemote(dest);
  const client = clientFor(dest, options);
  const configDigest = image.configDigest ?? `sha256:${image.id}`;
  const configFile = blobPath(paths, configDigest);
  if (!configFile) {
    throw new IslanderError('invalid-image', `image '${imageRef}' has no stored config blob (${configDigest})`, {
      suggestion: 'images imported before layered storage cannot be pushed; import or pull it again',
    });
  }
  const config = {digest: configDigest, size: statSync(configFile).size};
  const layers: Array<Descriptor & {path: string}> = [];
  let digest = '';

  await runSteps([
    {
      title: 'Preparing layers',
      run: async () => {
        for (const diffId of image.layers) {
          const blob = await exportLayerBlob(paths, diffId);
          layers.push({mediaType: blob.mediaType, digest: blob.digest, size: blob.size, path: blob.path});
        }
      },
    },
    {
      title: `Pushing to ${shown}`,
      run: async (setTitle) => {
        let done = 0;
        const blobs = [{...config, path: configFile}, ...layers];
        await eachLimited(blobs, PARALLEL_UPLOADS, async (blob) => {
          await uploadBlob(client, dest.repository, {digest: blob.digest, size: blob.size, open: () => createReadStream(blob.path, {highWaterMark: 1024 * 1024})});
          setTitle(`Pushing to ${shown} (${++done}/${blobs.length} blobs)`);
        });
      },
    },
    {
      title: 'Writing manifest',
      run: async () => {
        const manifest = buildManifest(config, layers);
        digest = await putManifest(client, dest.repository, dest.tag ?? 'latest', manifest);
      },
    },
  ], options.progress);
  return {digest, reference: shown};
}
