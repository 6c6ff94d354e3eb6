import {createHash} from 'node:crypto';
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {text} from 'node:stream/consumers';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fetchBlob, getManifest, uploadBlob} from '../../../src/registry/api.js';
import {RegistryClient} from '../../../src/registry/client.js';
import {MEDIA} from '../../../src/registry/manifest.js';

/**
 * A fake registry and token server on one loopback port: /v2/ asks for a Bearer token from /token, which hands
 * out a token per scope (only to alice:secret when the server wants credentials). It records what it was asked.
 */
const BLOB = Buffer.from('layer bytes');
const BLOB_DIGEST = `sha256:${createHash('sha256').update(BLOB).digest('hex')}`;
const MANIFEST = Buffer.from(JSON.stringify({schemaVersion: 2, mediaType: MEDIA.ociManifest, config: {mediaType: MEDIA.ociConfig, digest: BLOB_DIGEST, size: BLOB.length}, layers: []}));
const ALICE = `Basic ${Buffer.from('alice:secret').toString('base64')}`;

interface Log { tokenRequests: URL[]; resets: number; uploads: string[] }

function startFake(mode: 'bearer' | 'bearer-private' | 'basic'): Promise<{server: Server; host: string; log: Log}> {
  const log: Log = {tokenRequests: [], resets: 0, uploads: []};
  let host = '';
  const challenge = (scope?: string): string => mode === 'basic' ? 'Basic realm="fake"'
    : `Bearer realm="http://${host}/token",service="fake"${scope ? `,scope="${scope}"` : ''}`;
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const auth = req.headers.authorization;
    if (url.pathname === '/token') {
      log.tokenRequests.push(url);
      if (mode === 'bearer-private' && auth !== ALICE) return void res.writeHead(401).end();
      return void res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({token: `tok ${url.searchParams.getAll('scope').join(' ')}`}));
    }
    if (url.pathname === '/storage/blob') return void res.writeHead(200).end(req.headers.authorization && req.headers.host?.startsWith('localhost') ? 'LEAKED' : BLOB);
    const repository = url.pathname.split('/')[2] ?? '';
    const scope = `repository:${repository}:${req.method === 'GET' || req.method === 'HEAD' ? 'pull' : 'pull,push'}`;
    const allowed = mode === 'basic' ? auth === ALICE : (auth ?? '').startsWith('Bearer tok ') && (auth ?? '').includes(scope);
    if (!allowed) return void res.writeHead(401, {'www-authenticate': challenge(url.pathname === '/v2/' ? undefined : scope)}).end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
    if (url.pathname === '/v2/') return void res.writeHead(200).end('{}');
    if (url.pathname === '/v2/flaky/blobs/' + BLOB_DIGEST && log.resets++ === 0) return void req.socket.destroy();
    if (url.pathname.endsWith(`/blobs/${BLOB_DIGEST}`) && req.method === 'GET') {
      return void res.writeHead(307, {location: repository === 'redirect' ? `http://localhost:${host.split(':')[1]}/storage/blob` : '/storage/blob'}).end();
    }
    if (url.pathname.endsWith('/blobs/' + BLOB_DIGEST) && req.method === 'HEAD') return void res.writeHead(404).end();
    if (url.pathname.endsWith('/blobs/uploads/') && req.method === 'POST' && url.searchParams.get('from') === 'other') {
      return void res.writeHead(201, {location: `/v2/${repository}/blobs/${url.searchParams.get('mount')}`}).end();
    }
    if (url.pathname.endsWith('/blobs/uploads/') && req.method === 'POST') return void res.writeHead(202, {location: `/upload/${repository}?_state=x`}).end();
    if (url.pathname.startsWith('/upload/') && req.method === 'PUT') {
      void text(req).then((body) => { log.uploads.push(`${url.searchParams.get('_state')} ${url.searchParams.get('digest')} ${body}`); res.writeHead(201).end(); });
      return;
    }
    if (url.pathname.endsWith('/manifests/1')) return void res.writeHead(200, {'content-type': MEDIA.ociManifest}).end(MANIFEST);
    res.writeHead(404).end('{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}');
  };
  const server = createServer(handle);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    resolve({server, host, log});
  }));
}

describe('registry client auth', () => {
  const servers: Server[] = [];
  const fakes: Record<string, {host: string; log: Log}> = {};
  beforeAll(async () => {
    for (const mode of ['bearer', 'bearer-private', 'basic'] as const) {
      const fake = await startFake(mode);
      servers.push(fake.server);
      fakes[mode] = fake;
    }
  });
  afterAll(async () => {
    for (const server of servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gets an anonymous Bearer token for the pull scope and caches it', async () => {
    const {host, log} = fakes.bearer!;
    const client = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    const manifest = await getManifest(client, 'app', '1', 'app:1');
    expect(manifest.bytes.equals(MANIFEST)).toBe(true);
    await getManifest(client, 'app', '1', 'app:1');
    expect(log.tokenRequests.map((url) => url.searchParams.getAll('scope'))).toEqual([['repository:app:pull']]);
    expect(log.tokenRequests[0]!.searchParams.get('service')).toBe('fake');
  });

  it('follows a blob redirect, verifies the digest, and retries once on a reset connection', async () => {
    const {host, log} = fakes.bearer!;
    const client = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    expect(await text(await fetchBlob(client, 'app', BLOB_DIGEST, BLOB.length))).toBe(BLOB.toString());
    expect(await text(await fetchBlob(client, 'flaky', BLOB_DIGEST, BLOB.length))).toBe(BLOB.toString());
    expect(log.resets).toBe(2);
  });

  it('drops the Authorization header on a redirect to another host', async () => {
    const {host} = fakes.bearer!;
    const client = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    expect(await text(await fetchBlob(client, 'redirect', BLOB_DIGEST, BLOB.length))).toBe(BLOB.toString());
  });

  it('fails a blob whose bytes do not hash to the digest', async () => {
    const {host} = fakes.bearer!;
    const client = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    const wrong = `sha256:${'0'.repeat(64)}`;
    await expect(getManifest(client, 'app', wrong, 'app@0')).rejects.toThrow(/404/);
    const response = fetchBlob(client, 'app', BLOB_DIGEST, BLOB.length + 1);
    await expect(text(await response)).rejects.toThrow(/does not match its digest/);
  });

  it('sends credentials to the token endpoint, and says clearly when they are missing or wrong', async () => {
    const {host} = fakes['bearer-private']!;
    const withCredentials = new RegistryClient(host, host, {tlsVerify: true, credentials: {username: 'alice', password: 'secret'}});
    expect((await getManifest(withCredentials, 'app', '1', 'app:1')).bytes.equals(MANIFEST)).toBe(true);
    const anonymous = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    await expect(getManifest(anonymous, 'app', '1', 'app:1')).rejects.toThrow(`registry ${host} needs credentials for 'app'`);
    const wrong = new RegistryClient(host, host, {tlsVerify: true, credentials: {username: 'alice', password: 'nope'}});
    await expect(getManifest(wrong, 'app', '1', 'app:1')).rejects.toThrow(`registry ${host} refused the credentials for 'app'`);
  });

  it('answers a Basic challenge with the credentials', async () => {
    const {host} = fakes.basic!;
    const client = new RegistryClient(host, host, {tlsVerify: true, credentials: {username: 'alice', password: 'secret'}});
    expect((await getManifest(client, 'app', '1', 'app:1')).bytes.equals(MANIFEST)).toBe(true);
    const anonymous = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    await expect(getManifest(anonymous, 'app', '1', 'app:1')).rejects.toThrow(/needs credentials/);
  });

  it('uploads with a push-scoped token: POST for a session, PUT to its Location with the digest', async () => {
    const {host, log} = fakes.bearer!;
    const client = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    const {Readable} = await import('node:stream');
    const result = await uploadBlob(client, 'app', {digest: BLOB_DIGEST, size: BLOB.length, open: () => Readable.from([BLOB])});
    expect(result).toBe('uploaded');
    expect(log.uploads).toEqual([`x ${BLOB_DIGEST} ${BLOB.toString()}`]);
    expect(log.tokenRequests.some((url) => url.searchParams.getAll('scope').includes('repository:app:pull,push'))).toBe(true);
  });

  it('mounts a blob from another repository of the same registry instead of sending it', async () => {
    const {host, log} = fakes.bearer!;
    const client = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    const uploads = log.uploads.length;
    const result = await uploadBlob(client, 'app', {digest: BLOB_DIGEST, size: BLOB.length, open: () => { throw new Error('must not read the blob'); }}, 'other');
    expect(result).toBe('mounted');
    expect(log.uploads.length).toBe(uploads);
    expect(log.tokenRequests.some((url) => url.searchParams.getAll('scope').includes('repository:other:pull'))).toBe(true);
  });

  it('uses HTTPS off the loopback, and with --tls-verify=false falls back to plain HTTP', async () => {
    // ::ffff:127.0.0.1 is not a loopback name to Docker's rule (so HTTPS is tried), yet the packets stay on lo.
    const port = fakes.bearer!.host.split(':')[1];
    const mapped = `[::ffff:127.0.0.1]:${port}`;
    const strict = new RegistryClient(mapped, mapped, {tlsVerify: true, credentials: undefined});
    await expect(getManifest(strict, 'app', '1', 'app:1')).rejects.toMatchObject({
      message: expect.stringMatching(/^cannot reach registry \[::ffff:127\.0\.0\.1\]:\d+ at https:.*: EPROTO$/),
      suggestion: 'for a registry without a valid certificate use --tls-verify=false',
    });
    const relaxed = new RegistryClient(mapped, mapped, {tlsVerify: false, credentials: undefined});
    expect((await getManifest(relaxed, 'app', '1', 'app:1')).bytes.equals(MANIFEST)).toBe(true);
  });

  it('names the registry, the status and the manifest in a 404', async () => {
    const {host} = fakes.bearer!;
    const client = new RegistryClient(host, host, {tlsVerify: true, credentials: undefined});
    await expect(getManifest(client, 'app', '2', 'app:2')).rejects.toThrow(`registry ${host} answered 404 for manifest 'app:2': no such image`);
  });
});
