import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {buildTar, type TarEntry} from './tar-builder.js';

/**
 * Builds image archives in code: `docker save` (manifest.json + <id>.json + <dir>/layer.tar) and OCI image
 * layouts (oci-layout + index.json + blobs/sha256), with layers made by tar-builder.ts.
 */
export const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

export type Compression = 'tar' | 'gzip' | 'zstd';

export function compress(data: Buffer, how: Compression): Buffer {
  if (how === 'gzip') return gzipSync(data);
  if (how === 'zstd') return execFileSync('zstd', ['-q', '-c'], {input: data, maxBuffer: 1 << 30});
  return data;
}

export interface ImageSpec {
  layers: Buffer[]; // uncompressed layer tars, bottom first
  config?: Record<string, unknown>;
}

export function configJson(spec: ImageSpec): Buffer {
  return Buffer.from(JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    created: '2026-01-02T03:04:05Z',
    config: spec.config ?? {},
    rootfs: {type: 'layers', diff_ids: spec.layers.map((layer) => `sha256:${sha256(layer)}`)},
    history: spec.layers.map((_, index) => ({created: '2026-01-02T03:04:05Z', created_by: `/bin/sh -c step ${index}`})),
  }));
}

const file = (name: string, body: Buffer | string): TarEntry => ({name, body});

/** A docker-save archive; `compressions[i]` says how layer i is stored; entries can be overridden for attacks. */
export function dockerArchive(spec: ImageSpec, repoTags: string[], options: {compressions?: Compression[]; manifest?: unknown; extra?: TarEntry[]; config?: Buffer} = {}): Buffer {
  const config = options.config ?? configJson(spec);
  const configName = `${sha256(config)}.json`;
  const layerEntries = spec.layers.map((layer, index) => ({
    dir: sha256(`${index}:${sha256(layer)}`),
    data: compress(layer, options.compressions?.[index] ?? 'tar'),
  }));
  const manifest = options.manifest ?? [{Config: configName, RepoTags: repoTags, Layers: layerEntries.map((layer) => `${layer.dir}/layer.tar`)}];
  return buildTar([
    file('manifest.json', JSON.stringify(manifest)),
    file(configName, config),
    ...layerEntries.flatMap((layer): TarEntry[] => [{name: `${layer.dir}/`, type: 'dir'}, file(`${layer.dir}/layer.tar`, layer.data)]),
    ...(options.extra ?? []),
  ]);
}

/** An OCI image layout archive with one image named `name` (io.containerd.image.name annotation). */
export function ociArchive(spec: ImageSpec, name: string | undefined, options: {compressions?: Compression[]; blobOverrides?: Record<string, TarEntry>} = {}): Buffer {
  const config = configJson(spec);
  const layers = spec.layers.map((layer, index) => {
    const how = options.compressions?.[index] ?? 'gzip';
    const data = compress(layer, how);
    const mediaType = `application/vnd.oci.image.layer.v1.tar${how === 'tar' ? '' : `+${how}`}`;
    return {data, descriptor: {mediaType, digest: `sha256:${sha256(data)}`, size: data.length}};
  });
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length},
    layers: layers.map((layer) => layer.descriptor),
  }));
  const index = {
    schemaVersion: 2,
    manifests: [{
      mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256(manifest)}`, size: manifest.length,
      ...(name ? {annotations: {'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': name.split(':').pop()}} : {}),
    }],
  };
  const blob = (data: Buffer): TarEntry => options.blobOverrides?.[sha256(data)] ?? file(`blobs/sha256/${sha256(data)}`, data);
  return buildTar([
    file('oci-layout', JSON.stringify({imageLayoutVersion: '1.0.0'})),
    file('index.json', JSON.stringify(index)),
    {name: 'blobs/', type: 'dir'},
    {name: 'blobs/sha256/', type: 'dir'},
    blob(config),
    blob(manifest),
    ...layers.map((layer) => blob(layer.data)),
  ]);
}

/** The shared base: static busybox with its applets as symlinks, users, and the trees the upper layers change. */
export function baseLayer(): Buffer {
  const applets = ['sh', 'ls', 'cat', 'id', 'pwd', 'echo', 'env', 'test', 'stat', 'du', 'touch'];
  return buildTar([
    {name: 'bin/', type: 'dir'},
    {name: 'bin/busybox', body: readFileSync('/bin/busybox'), mode: 0o755},
    ...applets.map((applet): TarEntry => ({name: `bin/${applet}`, type: 'symlink', linkname: 'busybox'})),
    {name: 'etc/', type: 'dir'},
    file('etc/passwd', 'root:x:0:0:root:/root:/bin/sh\napp:x:1234:2345:app:/home/app:/bin/sh\n'),
    file('etc/group', 'root:x:0:\napp:x:2345:\nextra:x:777:app\n'),
    {name: 'data/', type: 'dir'},
    file('data/a', 'a\n'),
    file('data/b', 'b\n'),
    file('gone.txt', 'soon deleted\n'),
    {name: 'opq/', type: 'dir'},
    file('opq/old1', 'old\n'),
    {name: 'opq/sub/', type: 'dir'},
    file('opq/sub/old2', 'old\n'),
    {name: 'tmp/', type: 'dir', mode: 0o1777},
  ]);
}

/** Deletes gone.txt, adds data/c, makes opq/ opaque with one new entry. */
export function middleLayer(): Buffer {
  return buildTar([
    file('.wh.gone.txt', ''),
    {name: 'data/', type: 'dir'},
    file('data/c', 'c\n'),
    {name: 'opq/', type: 'dir'},
    file('opq/.wh..wh..opq', ''),
    file('opq/new1', 'new\n'),
  ]);
}

/** Deletes data/a, adds a top file and the working directory. */
export function topLayer(): Buffer {
  return buildTar([
    {name: 'data/', type: 'dir'},
    file('data/.wh.a', ''),
    file('top.txt', 'top\n'),
    {name: 'work/', type: 'dir', mode: 0o777},
  ]);
}
