import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gunzipSync} from 'node:zlib';
import {buildTar} from '../image/tar-builder.js';

/**
 * Images for the registry tests, as `docker save` archives built in code: the test image's rootfs as the base
 * layer plus a small layer with /hello.txt, and a config whose Cmd prints it. skopeo pushes them to a registry.
 */
export const BASE_TARBALL = join(import.meta.dirname, '..', '..', '..', 'rootfs-images', 'build', 'alpine-stress.tar.gz');

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

export interface Fixture {
  archive: string;
  /** Docker's image id: sha256 of the config JSON. */
  id: string;
}

export function buildArchive(dir: string, name: string, hello: string, architecture = 'amd64'): Fixture {
  const work = mkdtempSync(join(dir, `${name}-`));
  const base = gunzipSync(readFileSync(BASE_TARBALL));
  const top = buildTar([{name: 'hello.txt', body: `${hello}\n`, mode: 0o644}]);
  writeFileSync(join(work, 'base.tar'), base);
  writeFileSync(join(work, 'top.tar'), top);
  const config = Buffer.from(JSON.stringify({
    architecture,
    os: 'linux',
    created: '2026-01-01T00:00:00Z',
    config: {Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', `FIXTURE=${name}`], Cmd: ['cat', '/hello.txt'], WorkingDir: '/'},
    rootfs: {type: 'layers', diff_ids: [`sha256:${sha256(base)}`, `sha256:${sha256(top)}`]},
    history: [{created: '2026-01-01T00:00:00Z', created_by: 'alpine-stress rootfs'}, {created: '2026-01-01T00:00:00Z', created_by: `hello ${hello}`}],
  }));
  const id = sha256(config);
  writeFileSync(join(work, `${id}.json`), config);
  writeFileSync(join(work, 'manifest.json'), JSON.stringify([{Config: `${id}.json`, RepoTags: [`${name}:latest`], Layers: ['base.tar', 'top.tar']}]));
  const archive = join(dir, `${name}.tar`);
  execFileSync('tar', ['-cf', archive, '-C', work, 'manifest.json', `${id}.json`, 'base.tar', 'top.tar']);
  rmSync(work, {recursive: true, force: true});
  return {archive, id};
}

export interface SkopeoOptions {
  creds?: string;
  zstd?: boolean;
  /** Where skopeo writes the pushed manifest's digest. */
  digestFile?: string;
}

/** Pushes a docker-archive to docker://DEST over plain HTTP. */
export function skopeoPush(archive: string, dest: string, options: SkopeoOptions = {}): void {
  const args = ['copy', '--quiet', '--insecure-policy', '--dest-tls-verify=false'];
  if (options.creds) args.push('--dest-creds', options.creds);
  if (options.zstd) args.push('--dest-compress', '--dest-compress-format', 'zstd');
  if (options.digestFile) args.push('--digestfile', options.digestFile);
  execFileSync('skopeo', [...args, `docker-archive:${archive}`, `docker://${dest}`], {stdio: ['ignore', 'ignore', 'pipe']});
}

/**
 * Pushes an image over the distribution API as given, with no tool checking it: `layers` are the blobs as sent
 * (gzip), `diffIds` what the config claims they unpack to, `claimedSizes` (when given) the layer sizes the
 * manifest claims. For images that skopeo would refuse to build.
 */
export async function pushRaw(host: string, repository: string, tag: string, layers: Buffer[], diffIds: string[],
  claimedSizes?: number[]): Promise<void> {
  const upload = async (blob: Buffer): Promise<{digest: string; size: number}> => {
    const digest = `sha256:${sha256(blob)}`;
    const started = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, {method: 'POST'});
    const location = new URL(started.headers.get('location') ?? '', `http://${host}`);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {method: 'PUT', headers: {'content-type': 'application/octet-stream'}, body: new Uint8Array(blob)});
    if (put.status !== 201) throw new Error(`blob PUT answered ${put.status}: ${await put.text()}`);
    return {digest, size: blob.length};
  };
  const config = await upload(Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: {Cmd: ['/bin/true']}, rootfs: {type: 'layers', diff_ids: diffIds},
  })));
  const pushed = await Promise.all(layers.map(upload));
  const manifest = {
    schemaVersion: 2, mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
    config: {mediaType: 'application/vnd.docker.container.image.v1+json', ...config},
    layers: pushed.map((layer, index) => ({
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', ...layer, size: claimedSizes?.[index] ?? layer.size,
    })),
  };
  const put = await fetch(`http://${host}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT', headers: {'content-type': manifest.mediaType}, body: JSON.stringify(manifest),
  });
  if (put.status !== 201) throw new Error(`manifest PUT answered ${put.status}: ${await put.text()}`);
}
