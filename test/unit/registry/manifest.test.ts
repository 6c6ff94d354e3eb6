import {describe, expect, it} from 'vitest';
import {buildManifest, MEDIA, parseManifest, pickPlatform} from '../../../src/registry/manifest.js';

const d = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('parseManifest', () => {
  it('reads OCI and Docker image manifests', () => {
    const oci = parseManifest(json({schemaVersion: 2, mediaType: MEDIA.ociManifest, config: {mediaType: MEDIA.ociConfig, digest: d(1), size: 10},
      layers: [{mediaType: MEDIA.ociLayerZstd, digest: d(2), size: 20}]}), undefined, 'm');
    expect(oci).toMatchObject({kind: 'manifest', config: {digest: d(1)}, layers: [{mediaType: MEDIA.ociLayerZstd, size: 20}]});
    const docker = parseManifest(json({schemaVersion: 2, config: {mediaType: MEDIA.dockerConfig, digest: d(1), size: 1},
      layers: [{mediaType: MEDIA.dockerLayerGzip, digest: d(3), size: 3}]}), `${MEDIA.dockerManifest}; charset=utf-8`, 'm');
    expect(docker.mediaType).toBe(MEDIA.dockerManifest);
  });

  it('reads indexes and picks linux/amd64', () => {
    const index = parseManifest(json({schemaVersion: 2, mediaType: MEDIA.dockerList, manifests: [
      {mediaType: MEDIA.dockerManifest, digest: d(4), size: 1, platform: {os: 'linux', architecture: 'arm64', variant: 'v8'}},
      {mediaType: MEDIA.dockerManifest, digest: d(5), size: 1, platform: {os: 'linux', architecture: 'amd64'}},
    ]}), undefined, 'i');
    expect(index.kind).toBe('index');
    if (index.kind !== 'index') return;
    expect(pickPlatform(index, 'x', 'linux', 'amd64').digest).toBe(d(5));
    expect(() => pickPlatform(index, "'x'", 'linux', 's390x')).toThrow("'x' has no image for linux/s390x (it offers linux/arm64, linux/amd64)");
  });

  it('refuses schema 1, unknown layer types and malformed descriptors', () => {
    expect(() => parseManifest(json({schemaVersion: 1, fsLayers: []}), undefined, 'm')).toThrow(/schemaVersion 1/);
    expect(() => parseManifest(json({schemaVersion: 2, config: {mediaType: 'c', digest: d(1), size: 1},
      layers: [{mediaType: 'application/x-foo', digest: d(2), size: 1}]}), undefined, 'm')).toThrow(/unsupported layer media type/);
    expect(() => parseManifest(json({schemaVersion: 2, config: {mediaType: 'c', digest: 'md5:x', size: 1}, layers: []}), undefined, 'm')).toThrow(/descriptor/);
    expect(() => parseManifest(Buffer.from('nope'), undefined, 'm')).toThrow(/not JSON/);
  });
});

describe('buildManifest', () => {
  it('writes OCI for OCI layers and Docker schema 2 for Docker layers', () => {
    const oci = buildManifest({digest: d(1), size: 5}, [{mediaType: MEDIA.ociLayerGzip, digest: d(2), size: 7}]);
    expect(oci.mediaType).toBe(MEDIA.ociManifest);
    expect(JSON.parse(oci.bytes.toString())).toEqual({schemaVersion: 2, mediaType: MEDIA.ociManifest,
      config: {mediaType: MEDIA.ociConfig, digest: d(1), size: 5}, layers: [{mediaType: MEDIA.ociLayerGzip, digest: d(2), size: 7}]});
    expect(buildManifest({digest: d(1), size: 5}, [{mediaType: MEDIA.dockerLayerGzip, digest: d(2), size: 7}]).mediaType).toBe(MEDIA.dockerManifest);
  });
});
