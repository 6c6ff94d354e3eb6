import {createHash, type Hash} from 'node:crypto';
import {Transform, type Readable, type TransformCallback} from 'node:stream';
import {pullScope, pushScope, type RegistryClient} from './client.js';
import {digestMismatch, registryAnswerError} from './errors.js';
import {discardBody, readBody} from './http.js';
import {MANIFEST_ACCEPT} from './manifest.js';

/** The distribution v2 endpoints Islander uses, on top of an authenticated client. */

export interface FetchedManifest {
  bytes: Buffer;
  contentType: string | undefined;
  digest: string;
}

export function sha256Digest(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

/** GET a manifest by tag or digest; fetched by digest, the bytes must hash to it. */
export async function getManifest(client: RegistryClient, repository: string, reference: string, what: string): Promise<FetchedManifest> {
  const response = await client.expect({
    method: 'GET', path: `/v2/${repository}/manifests/${reference}`, repository,
    scopes: [pullScope(repository)], headers: {accept: MANIFEST_ACCEPT},
  }, [200], `manifest '${what}'`);
  const bytes = await readBody(response);
  const digest = sha256Digest(bytes);
  if (reference.startsWith('sha256:') && digest !== reference) throw digestMismatch(client.registry, `manifest '${what}'`, reference, digest);
  return {bytes, contentType: response.headers['content-type'], digest};
}

/**
 * A blob's content as a stream that fails at its end unless the bytes hash to `digest` and count `size`:
 * whoever consumes it (the store's storeBlob) sees an error instead of an end, and keeps nothing.
 */
export interface FetchOptions {
  /** false when the consumer hashes anyway (the store's storeBlob): the size is still checked. */
  verifyDigest?: boolean;
  onBytes?: (bytes: number) => void;
}

export async function fetchBlob(client: RegistryClient, repository: string, digest: string, size: number | undefined,
  options: FetchOptions = {}): Promise<Readable> {
  const body = await openBlob(client, repository, digest);
  const verify = new VerifyDigest(digest, size, options.verifyDigest !== false,
    (actual) => digestMismatch(client.registry, `blob ${digest.slice(0, 19)}`, digest, actual), options.onBytes);
  body.once('error', (error) => verify.destroy(error));
  return body.pipe(verify);
}

/**
 * A blob's content exactly as the registry sends it, unchecked: for a consumer that hashes every byte itself and
 * keeps nothing that does not match (isle-unpack --keep, for a layer streamed into the store), so the download
 * does not pass through one more stream on its way.
 */
export async function openBlob(client: RegistryClient, repository: string, digest: string): Promise<Readable> {
  const response = await client.expect({
    method: 'GET', path: `/v2/${repository}/blobs/${digest}`, repository, scopes: [pullScope(repository)],
  }, [200], `blob ${digest.slice(0, 19)} of '${repository}'`);
  return response.body;
}

class VerifyDigest extends Transform {
  private readonly hash: Hash | undefined;
  private bytes = 0;

  constructor(private readonly digest: string, private readonly size: number | undefined, hashing: boolean,
    private readonly mismatch: (actual: string) => Error, private readonly onBytes?: (bytes: number) => void) {
    super({highWaterMark: 1024 * 1024});
    this.hash = hashing ? createHash('sha256') : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash?.update(chunk);
    this.bytes += chunk.length;
    this.onBytes?.(chunk.length);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    const actual = this.hash ? `sha256:${this.hash.digest('hex')}` : undefined;
    if (actual !== undefined && actual !== this.digest) return done(this.mismatch(actual));
    if (this.size !== undefined && this.bytes !== this.size) return done(this.mismatch(`${this.bytes} bytes, not ${this.size}`));
    done();
  }
}

export async function blobExists(client: RegistryClient, repository: string, digest: string): Promise<boolean> {
  const response = await client.request({
    method: 'HEAD', path: `/v2/${repository}/blobs/${digest}`, repository, scopes: [pushScope(repository)],
  });
  await discardBody(response);
  if (response.status === 200) return true;
  if (response.status === 404) return false;
  throw registryAnswerError(client.registry, response.status, `blob ${digest.slice(0, 19)} of '${repository}'`);
}

/**
 * Uploads a blob unless the registry has it: a mount from `mountFrom` (same registry) when given, else a
 * monolithic upload (POST for a session, PUT of the whole body with ?digest=); the registry checks the digest.
 */
export async function uploadBlob(client: RegistryClient, repository: string, blob: {digest: string; size: number; open: () => Readable},
  mountFrom?: string): Promise<'exists' | 'mounted' | 'uploaded'> {
  if (await blobExists(client, repository, blob.digest)) return 'exists';
  const what = `upload of blob ${blob.digest.slice(0, 19)} to '${repository}'`;
  const scopes = mountFrom ? [pushScope(repository), pullScope(mountFrom)] : [pushScope(repository)];
  const query = mountFrom ? `?mount=${encodeURIComponent(blob.digest)}&from=${encodeURIComponent(mountFrom)}` : '';
  const started = await client.expect({method: 'POST', path: `/v2/${repository}/blobs/uploads/${query}`, repository, scopes}, [201, 202], what);
  await discardBody(started);
  if (started.status === 201) return 'mounted';
  const location = started.headers.location;
  if (!location) throw registryAnswerError(client.registry, started.status, `${what}: no upload location`);
  const url = new URL(location, started.url);
  url.searchParams.set('digest', blob.digest);
  const done = await client.expect({
    method: 'PUT', path: url, repository, scopes,
    headers: {'content-type': 'application/octet-stream', 'content-length': String(blob.size)}, body: blob.open,
  }, [201, 204], what);
  await discardBody(done);
  return 'uploaded';
}

export async function putManifest(client: RegistryClient, repository: string, reference: string,
  manifest: {mediaType: string; bytes: Buffer}): Promise<string> {
  const response = await client.expect({
    method: 'PUT', path: `/v2/${repository}/manifests/${reference}`, repository, scopes: [pushScope(repository)],
    headers: {'content-type': manifest.mediaType}, body: manifest.bytes,
  }, [200, 201, 202], `manifest '${repository}:${reference}'`);
  await discardBody(response);
  return sha256Digest(manifest.bytes);
}
