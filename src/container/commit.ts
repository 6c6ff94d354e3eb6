import {createHash, type Hash} from 'node:crypto';
import {createWriteStream, readFileSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import type {Readable} from 'node:stream';
import {Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {IslanderError} from '../errors.js';
import {
  blobPath, ensureLayer, imageLowerDirs, parseReference, registerImage, resolveImage, storeBlob, type ImageRecord,
} from '../image/index.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {randomBytesFromKernel} from '../util/random.js';
import {archivePath, withContext} from './isle-cp.js';
import {pauseContainer, unpauseContainer} from './pause.js';
import {reconcile} from './reconcile.js';
import type {ContainerRecord} from './record.js';
import {containerDirs, resolveContainer} from './store.js';

/**
 * `islander commit`: a new image = the container's image + one layer made from the container's upper dir, with
 * the container's configuration (Cmd, Entrypoint, Env, WorkingDir, User) as docker commit does.
 *
 * The layer tar comes from isle-cp walking the upper dir without following anything, with overlayfs' deletions
 * written the OCI way: a whiteout (char 0:0) becomes `.wh.NAME`, an opaque directory gets `.wh..wh..opq`.
 * Its sha256 is the diff id; it goes into the store as a blob, is unpacked once as a layer (ensureLayer), and
 * the image is registered under the config's digest. A running container is paused while its upper dir is read,
 * so the layer is one moment's state.
 */
export interface CommitOptions {
  container: string;
  reference?: string;
  pause: boolean;
}

type ConfigJson = Record<string, unknown> & {config?: Record<string, unknown>; history?: unknown[]};

export async function commitContainer(paths: StorePaths, options: CommitOptions): Promise<ImageRecord> {
  if (options.reference) parseReference(options.reference); // a bad name fails before any work is done
  const record = await reconcile(paths, resolveContainer(paths, options.container));
  if (!record) throw new IslanderError('not-found', `no such container '${options.container}'`, {suggestion: "see 'islander ps -a'"});
  imageLowerDirs(paths, record.image.id); // brings an image of the pre-layer store into the layered one
  const base = resolveImage(paths, record.image.id);
  const pause = options.pause && record.state.status === 'running';
  if (pause) await pauseContainer(paths, record.id);
  let layer: {diffId: string; blob: string};
  try {
    layer = await storeUpperLayer(paths, record);
  } catch (error) {
    throw withContext(error, `cannot commit ${record.name}`);
  } finally {
    if (pause) await unpauseContainer(paths, record.id);
  }
  await ensureLayer(paths, layer.blob, layer.diffId);
  const configJson = Buffer.from(JSON.stringify(commitConfig(paths, base, record, layer.diffId)));
  const layerDiffIds = [...base.layers, layer.diffId];
  const complete = base.layerDigests?.length === base.layers.length;
  return registerImage(paths, {
    configJson,
    layerDiffIds,
    ...(complete ? {layerDigests: [...base.layerDigests!, `sha256:${layer.diffId}`]} : {}),
  }, options.reference ? [options.reference] : []);
}

class HashTee extends Transform {
  readonly hash: Hash = createHash('sha256');
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/** The upper dir as an OCI layer tar, stored as a blob (uncompressed: its digest is its diff id). */
async function storeUpperLayer(paths: StorePaths, record: ContainerRecord): Promise<{diffId: string; blob: string}> {
  ensureDir(paths.tmp);
  const temp = join(paths.tmp, `commit-${randomBytesFromKernel(6).toString('hex')}.tar`);
  try {
    const producer = archivePath(['--root', containerDirs(paths, record.id).upper], '/', {
      name: '', contents: true, whiteouts: true, xattrs: true,
    });
    const tee = new HashTee();
    const written = pipeline(producer.child.stdout as Readable, tee, createWriteStream(temp));
    const [wrote, produced] = await Promise.allSettled([written, producer.result]);
    if (produced.status === 'rejected') throw produced.reason;
    if (wrote.status === 'rejected') throw wrote.reason;
    const diffId = tee.hash.digest('hex');
    const blob = await storeBlob(paths, `sha256:${diffId}`, temp);
    return {diffId, blob};
  } finally {
    rmSync(temp, {force: true});
  }
}

/** The base image's config with the container's settings, one more layer and one more history entry. */
function commitConfig(paths: StorePaths, base: ImageRecord, record: ContainerRecord, diffId: string): ConfigJson {
  const stored = base.configDigest ? blobPath(paths, base.configDigest) : undefined;
  const config: ConfigJson = stored
    ? JSON.parse(readFileSync(stored, 'utf8')) as ConfigJson
    : {architecture: base.architecture, os: base.os, config: {}, history: base.history};
  const created = new Date().toISOString();
  const command = [record.path, ...record.args].join(' ');
  return {
    ...config,
    created,
    container: record.id,
    config: {
      ...(config.config ?? {}),
      Env: record.config.env,
      Cmd: record.config.cmd,
      Entrypoint: record.config.entrypoint.length > 0 ? record.config.entrypoint : null,
      WorkingDir: record.config.workingDir || '/',
      User: record.config.user,
      ...(record.config.labels ? {Labels: record.config.labels} : {}),
    },
    rootfs: {type: 'layers', diff_ids: [...base.layers, diffId].map((hex) => `sha256:${hex}`)},
    history: [...(Array.isArray(config.history) ? config.history : []), {created, created_by: command, comment: `islander commit ${record.name}`}],
  };
}
