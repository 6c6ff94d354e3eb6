import {createHash} from 'node:crypto';
import {chmodSync, chownSync, createReadStream, createWriteStream, existsSync, renameSync, rmSync} from 'node:fs';
import {Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {randomBytesFromKernel as randomBytes} from '../util/random.js';
import {blobMismatch} from './blob-mismatch.js';
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
  if (actual !== hex) throw blobMismatch(expectedDigest, actual);
  return final;
}

/** Stores a blob whose digest is not known beforehand (a layer file of a `docker save` archive); returns it. */
export async function storeBlobComputed(paths: StorePaths, source: NodeJS.ReadableStream | string): Promise<{digest: string; path: string}> {
  let path = '';
  const hex = await writeHashed(paths, source, (temp, got) => {
    path = placeBlob(paths, temp, got);
    return true;
  });
  return {digest: `sha256:${hex}`, path};
}

/**
 * A file the store unpacked itself (a layer of a loaded archive, in one of its work dirs) becomes a blob by
 * rename where storeBlob would copy it: a 150 MB image then writes its layers once for the blobs instead of
 * twice. It is hashed where it lies, must match `expectedDigest` when there is one, and gets the store's owner
 * and mode instead of the archive's. The caller checked that it is a regular file reached without symlinks.
 */
export async function adoptBlob(paths: StorePaths, file: string, expectedDigest?: string): Promise<{digest: string; path: string}> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, {highWaterMark: 1024 * 1024})) hash.update(chunk as Buffer);
  const hex = hash.digest('hex');
  if (expectedDigest !== undefined && hex !== digestHex(expectedDigest)) throw blobMismatch(expectedDigest, hex);
  chownSync(file, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
  chmodSync(file, 0o644);
  ensureDir(blobsDir(paths));
  try {
    return {digest: `sha256:${hex}`, path: placeBlob(paths, file, hex)};
  } catch (error) {
    // A work dir on another filesystem than the blobs (a bind-mounted store): copy after all.
    if (!isErrno(error, 'EXDEV')) throw error;
    return {digest: `sha256:${hex}`, path: await storeBlob(paths, `sha256:${hex}`, file)};
  }
}

class Hasher extends Transform {
  readonly hash = createHash('sha256');
  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    done(null, chunk);
  }
}

/** A fresh name beside the blobs for a blob being written; it becomes a blob only through placeBlob. */
export function blobTempFile(paths: StorePaths): string {
  ensureDir(blobsDir(paths));
  return `${blobsDir(paths)}/.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
}

/** Renames a written and verified temp file to the blob `hex`, unless the store has that blob already. */
export function placeBlob(paths: StorePaths, temp: string, hex: string): string {
  const final = blobFile(paths, hex);
  if (existsSync(final)) rmSync(temp, {force: true});
  else renameSync(temp, final);
  return final;
}

/** Copies `source` to a temp file in the blob directory; `place` decides what happens to it given the hash. */
async function writeHashed(paths: StorePaths, source: NodeJS.ReadableStream | string,
  place: (temp: string, hex: string) => boolean): Promise<string> {
  const temp = blobTempFile(paths);
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
