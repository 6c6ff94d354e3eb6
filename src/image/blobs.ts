import {createHash} from 'node:crypto';
import {createReadStream, createWriteStream, existsSync, renameSync, rmSync} from 'node:fs';
import {Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {randomBytesFromKernel as randomBytes} from '../util/random.js';
import {digestHex} from './digest.js';
import {blobFile, blobsDir} from './layout.js';

/**
 * Content-addressed blobs. A blob enters the store only through storeBlob: written to a temp file beside its
 * final name while hashed, renamed into place only when the hash is the expected one. A blob already stored
 * is not copied again.
 */
export function blobPath(paths: StorePaths, digest: string): string | undefined {
  const file = blobFile(paths, digestHex(digest));
  return existsSync(file) ? file : undefined;
}

export async function storeBlob(paths: StorePaths, expectedDigest: string, source: NodeJS.ReadableStream | string): Promise<string> {
  const hex = digestHex(expectedDigest);
  const final = blobFile(paths, hex);
  if (existsSync(final)) {
    if (typeof source !== 'string') source.resume(); // drain it: the caller may be waiting for its end
    return final;
  }
  const actual = await writeHashed(paths, source, (temp, got) => {
    if (got !== hex) return false;
    renameSync(temp, final);
    return true;
  });
  if (actual !== hex) {
    throw new IslanderError('invalid-image', `blob ${expectedDigest} does not match its content (sha256:${actual})`, {
      suggestion: 'the archive or the transfer is corrupt or tampered with; nothing was stored',
    });
  }
  return final;
}

/** Stores a blob whose digest is not known beforehand (a layer file of a `docker save` archive); returns it. */
export async function storeBlobComputed(paths: StorePaths, source: NodeJS.ReadableStream | string): Promise<{digest: string; path: string}> {
  let path = '';
  const hex = await writeHashed(paths, source, (temp, got) => {
    path = blobFile(paths, got);
    if (existsSync(path)) rmSync(temp, {force: true});
    else renameSync(temp, path);
    return true;
  });
  return {digest: `sha256:${hex}`, path};
}

class Hasher extends Transform {
  readonly hash = createHash('sha256');
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/** Copies `source` to a temp file in the blob directory; `place` decides what happens to it given the hash. */
async function writeHashed(paths: StorePaths, source: NodeJS.ReadableStream | string,
  place: (temp: string, hex: string) => boolean): Promise<string> {
  ensureDir(blobsDir(paths));
  const temp = `${blobsDir(paths)}/.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const hasher = new Hasher();
  try {
    const input = typeof source === 'string' ? createReadStream(source, {highWaterMark: 1024 * 1024}) : source;
    await pipeline(input, hasher, createWriteStream(temp, {mode: 0o644}));
    const hex = hasher.hash.digest('hex');
    if (!place(temp, hex)) rmSync(temp, {force: true});
    return hex;
  } finally {
    rmSync(temp, {force: true});
  }
}
