import {createHash} from 'node:crypto';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {islander} from '../helpers.js';
import {buildTar} from '../image/tar-builder.js';
import {buildArchive, pushRaw, skopeoPush, type Fixture} from './fixtures.js';
import {registryAvailable, startRegistry, type TestRegistry} from './registry-server.js';

/**
 * pull and push against Debian's distribution registry on a loopback port, fed by skopeo from `docker save`
 * archives built in code. Each test pulls into its own empty store, so what it sees came from the registry.
 */
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

describe.skipIf(!registryAvailable())('islander pull / push', () => {
  let work: string;
  let open: TestRegistry;
  let secured: TestRegistry;
  let app: Fixture;
  const roots: string[] = [];

  const freshRoot = (): string => {
    const root = mkdtempSync(join(tmpdir(), 'islander-reg-root-'));
    roots.push(root);
    return root;
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'islander-reg-'));
    open = await startRegistry();
    secured = await startRegistry({user: {name: 'alice', password: 'wonderland'}});
    app = buildArchive(work, 'app', 'hello from app');
    skopeoPush(app.archive, `${open.host}/app:1`);
    skopeoPush(app.archive, `${open.host}/app-zstd:1`, {zstd: true});
    skopeoPush(app.archive, `${secured.host}/private/app:1`, {creds: 'alice:wonderland'});
    skopeoPush(buildArchive(work, 'corrupt', 'corrupt me').archive, `${open.host}/corrupt:1`);

    // A multi-platform index whose first entry is arm64: only the amd64 image says "amd64".
    const digests: Record<string, string> = {};
    for (const arch of ['arm64', 'amd64']) {
      const digestFile = join(work, `${arch}.digest`);
      skopeoPush(buildArchive(work, `multi-${arch}`, `platform ${arch}`, arch).archive, `${open.host}/multi:${arch}`, {digestFile});
      digests[arch] = readFileSync(digestFile, 'utf8').trim();
    }
    const manifestSize = async (digest: string): Promise<number> =>
      (await (await fetch(`http://${open.host}/v2/multi/manifests/${digest}`, {headers: {accept: DOCKER_MANIFEST}})).arrayBuffer()).byteLength;
    const index = {schemaVersion: 2, mediaType: OCI_INDEX, manifests: await Promise.all(['arm64', 'amd64'].map(async (arch) => ({
      mediaType: DOCKER_MANIFEST, digest: digests[arch], size: await manifestSize(digests[arch]!), platform: {os: 'linux', architecture: arch},
    })))};
    const put = await fetch(`http://${open.host}/v2/multi/manifests/latest`, {method: 'PUT', headers: {'content-type': OCI_INDEX}, body: JSON.stringify(index)});
    if (put.status !== 201) throw new Error(`index PUT answered ${put.status}: ${await put.text()}`);
  });

  afterAll(async () => {
    await open?.stop();
    await secured?.stop();
    for (const root of roots) rmSync(root, {recursive: true, force: true});
    if (work) rmSync(work, {recursive: true, force: true});
  });

  it('pulls, runs, pushes under a new tag, and the new tag pulls into an empty store as the same image', async () => {
    const root = freshRoot();
    const pulled = await islander(['pull', `${open.host}/app:1`], {root});
    expect(pulled.stderr).toBe('');
    expect(pulled.exitCode).toBe(0);
    expect(pulled.stdout.trim()).toBe(`sha256:${app.id}`);

    const ran = await islander(['run', '--rm', `${open.host}/app:1`], {root});
    expect(ran.stdout).toBe('hello from app\n');
    expect(ran.exitCode).toBe(0);

    const pushed = await islander(['push', `${open.host}/app:1`, `${open.host}/copies/app:again`], {root});
    expect(pushed.stderr).toBe('');
    expect(pushed.exitCode).toBe(0);
    expect(pushed.stdout.trim()).toMatch(/^sha256:[0-9a-f]{64}$/);

    const byId = await islander(['push', app.id.slice(0, 12)], {root});
    expect(byId.stderr).toBe(`islander: '${app.id.slice(0, 12)}' is an image id, not a name to push to; give the destination: islander push IMAGE REGISTRY[:PORT]/NAME[:TAG]\n`);

    const empty = freshRoot();
    const again = await islander(['image', 'pull', `${open.host}/copies/app:again`], {root: empty});
    expect(again.exitCode).toBe(0);
    expect(again.stdout.trim()).toBe(`sha256:${app.id}`);
    const byDigest = await islander(['pull', `${open.host}/copies/app@${pushed.stdout.trim()}`], {root: freshRoot()});
    expect(byDigest.stdout.trim()).toBe(`sha256:${app.id}`);
    const ls = await islander(['image', 'ls', '--format', 'json'], {root: empty});
    expect(ls.stdout).toContain(`${open.host}/copies/app:again`);
  });

  it('run and create pull an image the store lacks, as Docker does (--pull missing); never and always too', async () => {
    const root = freshRoot();
    const ref = `${open.host}/app:1`;
    const never = await islander(['run', '--rm', '--pull', 'never', ref], {root});
    expect(never).toMatchObject({exitCode: 125, stderr: expect.stringMatching(/^islander: no such image /)});
    expect(await islander(['run', '--rm', ref], {root})).toMatchObject({exitCode: 0, stdout: 'hello from app\n', stderr: `Unable to find image '${ref}' locally\n`});
    expect(await islander(['run', '--rm', ref], {root})).toMatchObject({exitCode: 0, stdout: 'hello from app\n', stderr: ''});
    expect(await islander(['create', '--pull', 'always', ref], {root})).toMatchObject({exitCode: 0, stderr: ''});
    const missing = await islander(['run', '--rm', `${open.host}/app:nope`], {root});
    expect(missing.exitCode).toBe(125);
    expect(missing.stderr).toBe(`Unable to find image '${open.host}/app:nope' locally\n` +
      `islander: registry ${open.host} answered 404 for manifest '${open.host}/app:nope': no such image; check the name and tag\n`);
    expect((await islander(['run', '--pull', 'sometimes', ref], {root})).stderr).toBe("islander: invalid --pull 'sometimes': use missing, always or never\n");
  });

  it('pulls zstd-compressed layers', async () => {
    const root = freshRoot();
    expect((await islander(['image', 'pull', '--tls-verify=false', `${open.host}/app-zstd:1`], {root})).stdout.trim()).toBe(`sha256:${app.id}`);
    expect((await islander(['run', '--rm', `${open.host}/app-zstd:1`], {root})).stdout).toBe('hello from app\n');
  });

  it('picks linux/amd64 from a multi-platform index', async () => {
    const root = freshRoot();
    const pulled = await islander(['pull', `${open.host}/multi`], {root});
    expect(pulled.exitCode).toBe(0);
    const ran = await islander(['run', '--rm', `${open.host}/multi`, 'cat', '/hello.txt'], {root});
    expect(ran.stdout).toBe('platform amd64\n');
  });

  it('uses basic-auth credentials, and fails in one line without them', async () => {
    const ref = `${secured.host}/private/app:1`;
    const denied = await islander(['pull', ref], {root: freshRoot(), env: {HOME: work, ISLANDER_REGISTRY_AUTH: ''}});
    expect(denied.exitCode).toBe(125);
    expect(denied.stderr).toBe(`islander: registry ${secured.host} needs credentials for 'private/app'; ` +
      'set ISLANDER_REGISTRY_AUTH=user:pass, or add the registry to ~/.docker/config.json (docker login)\n');
    const wrong = await islander(['pull', ref], {root: freshRoot(), env: {ISLANDER_REGISTRY_AUTH: 'alice:queen'}});
    expect(wrong.stderr).toContain(`registry ${secured.host} refused the credentials for 'private/app'`);

    const root = freshRoot();
    const allowed = await islander(['pull', ref], {root, env: {ISLANDER_REGISTRY_AUTH: 'alice:wonderland'}});
    expect(allowed.stdout.trim()).toBe(`sha256:${app.id}`);
    const pushed = await islander(['push', ref, `${secured.host}/private/app:2`], {root, env: {ISLANDER_REGISTRY_AUTH: 'alice:wonderland'}});
    expect(pushed.exitCode).toBe(0);

    // Docker's config.json works as well.
    const home = mkdtempSync(join(tmpdir(), 'islander-reg-home-'));
    roots.push(home);
    writeFileSync(join(home, 'config.json'), JSON.stringify({auths: {[secured.host]: {auth: Buffer.from('alice:wonderland').toString('base64')}}}));
    const viaConfig = await islander(['pull', `${secured.host}/private/app:2`], {root: freshRoot(), env: {DOCKER_CONFIG: home, ISLANDER_REGISTRY_AUTH: ''}});
    expect(viaConfig.stdout.trim()).toBe(`sha256:${app.id}`);
  });

  it('refuses a blob that does not match its digest and leaves no image', async () => {
    // Overwrite the small top layer's data in the registry's storage with bytes of the same length.
    const blobs = join(open.storage, 'docker', 'registry', 'v2', 'blobs', 'sha256');
    const manifest = await (await fetch(`http://${open.host}/v2/corrupt/manifests/1`, {headers: {accept: DOCKER_MANIFEST}})).json() as {layers: Array<{digest: string}>};
    const hex = manifest.layers.at(-1)!.digest.slice('sha256:'.length);
    const data = join(blobs, hex.slice(0, 2), hex, 'data');
    const original = readFileSync(data);
    writeFileSync(data, Buffer.alloc(original.length, 0x41));

    const root = freshRoot();
    const pulled = await islander(['pull', `${open.host}/corrupt:1`], {root});
    expect(pulled.exitCode).toBe(125);
    expect(pulled.stderr).toMatch(new RegExp(`^islander: blob sha256:${hex.slice(0, 12)} from registry ${open.host} does not match its digest: expected sha256:${hex}, got sha256:[0-9a-f]{64}; `));
    const ls = await islander(['image', 'ls', '-q'], {root});
    expect(ls.stdout.trim()).toBe('');
    const images = join(root, 'images');
    expect(existsSync(join(images, 'blobs', 'sha256', hex))).toBe(false);
    expect(readdirSync(images).filter((name) => /^[0-9a-f]{64}$/.test(name))).toEqual([]);
    // The layer streamed into isle-unpack: neither its half-written blob nor its half-unpacked tree is left.
    expect(readdirSync(join(images, 'blobs', 'sha256')).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    expect(existsSync(join(root, 'tmp')) ? readdirSync(join(root, 'tmp')) : []).toEqual([]);
  });

  it('refuses a layer whose tar is not the config\'s diff id and keeps neither its blob nor its layer', async () => {
    const tar = buildTar([{name: 'claimed.txt', body: 'not what the config says\n', mode: 0o644}]);
    const blob = gzipSync(tar);
    const lie = createHash('sha256').update('another tar').digest('hex');
    // Listed twice, as empty layers often are: pulled once, and both entries are checked.
    await pushRaw(open.host, 'lying-config', '1', [blob, blob], [`sha256:${lie}`, `sha256:${lie}`]);

    const root = freshRoot();
    const pulled = await islander(['pull', `${open.host}/lying-config:1`], {root});
    expect(pulled.exitCode).toBe(125);
    const actual = createHash('sha256').update(tar).digest('hex');
    expect(pulled.stderr).toContain(`layer content does not match its diff id: expected sha256:${lie}, got sha256:${actual}`);
    const images = join(root, 'images');
    expect(existsSync(join(images, 'blobs', 'sha256', createHash('sha256').update(blob).digest('hex')))).toBe(false);
    expect(existsSync(join(images, 'layers')) ? readdirSync(join(images, 'layers')) : []).toEqual([]);
    expect(readdirSync(join(images, 'blobs', 'sha256')).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    expect((await islander(['image', 'ls', '-q'], {root})).stdout.trim()).toBe('');
  });

  it('cuts off a layer larger than its descriptor says and keeps nothing of it', async () => {
    const tar = buildTar([{name: 'big.bin', body: 'x'.repeat(256 * 1024), mode: 0o644}]);
    const blob = gzipSync(tar, {level: 0});
    const diffId = createHash('sha256').update(tar).digest('hex');
    await pushRaw(open.host, 'oversized', '1', [blob], [`sha256:${diffId}`], [1024]);

    const root = freshRoot();
    const pulled = await islander(['pull', `${open.host}/oversized:1`], {root});
    expect(pulled.exitCode).toBe(125);
    expect(pulled.stderr).toContain('is larger than the 1024 bytes its descriptor says');
    const images = join(root, 'images');
    expect(existsSync(join(images, 'blobs', 'sha256', createHash('sha256').update(blob).digest('hex')))).toBe(false);
    expect(readdirSync(join(images, 'blobs', 'sha256')).filter((name) => name.startsWith('.tmp-'))).toEqual([]);
    expect(existsSync(join(images, 'layers')) ? readdirSync(join(images, 'layers')) : []).toEqual([]);
    expect((await islander(['image', 'ls', '-q'], {root})).stdout.trim()).toBe('');
  });

  it('says in one line that a tag does not exist, and that a registry is not there', async () => {
    const missing = await islander(['pull', `${open.host}/app:nope`], {root: freshRoot()});
    expect(missing.exitCode).toBe(125);
    expect(missing.stderr).toBe(`islander: registry ${open.host} answered 404 for manifest '${open.host}/app:nope': no such image; check the name and tag\n`);
    const gone = await islander(['pull', '127.0.0.1:1/app'], {root: freshRoot()});
    expect(gone.stderr).toBe("islander: cannot reach registry 127.0.0.1:1 at http://127.0.0.1:1: ECONNREFUSED; check the address and that the registry is running\n");
  });
});
