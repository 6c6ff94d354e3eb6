import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {
  fileInside, layoutBlobPath, parseDockerManifest, parseOciIndex, parseOciManifest, safeArchivePath,
} from '../../../src/image/archive-manifest.js';
import {parseImageConfig} from '../../../src/image/config.js';
import {IslanderError} from '../../../src/errors.js';

const hex = 'a'.repeat(64);
const refused = (action: () => unknown, message: RegExp): void => {
  expect(action).toThrow(IslanderError);
  expect(action).toThrow(message);
};

describe('archive paths', () => {
  it('cleans "." and repeated slashes', () => {
    expect(safeArchivePath('./a//b/./layer.tar')).toBe('a/b/layer.tar');
  });

  it('refuses "..", absolute paths, NUL and empty names', () => {
    refused(() => safeArchivePath('../x'), /leaves the archive/);
    refused(() => safeArchivePath('a/../../x'), /leaves the archive/);
    refused(() => safeArchivePath('/etc/passwd'), /absolute path/);
    refused(() => safeArchivePath('a\0b'), /bad path/);
    refused(() => safeArchivePath('./'), /names the archive itself/);
  });

  it('finds regular files only, never through a symlink', () => {
    const dir = mkdtempSync('/tmp/islander-manifest-unit-');
    try {
      mkdirSync(join(dir, 'blobs'));
      writeFileSync(join(dir, 'blobs', 'ok'), 'x');
      symlinkSync('/etc/passwd', join(dir, 'blobs', 'evil'));
      symlinkSync('blobs', join(dir, 'linkdir'));
      expect(fileInside(dir, 'blobs/ok')).toBe(join(dir, 'blobs', 'ok'));
      refused(() => fileInside(dir, 'blobs/evil'), /symlink/);
      refused(() => fileInside(dir, 'linkdir/ok'), /symlink/);
      refused(() => fileInside(dir, 'blobs'), /not a regular file/);
      refused(() => fileInside(dir, 'blobs/missing'), /missing/);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

describe('docker manifest.json', () => {
  it('reads Config, RepoTags and Layers', () => {
    expect(parseDockerManifest([{Config: `${hex}.json`, RepoTags: ['a:1', 7], Layers: ['l1/layer.tar', 'blobs/sha256/' + hex]}]))
      .toEqual([{config: `${hex}.json`, repoTags: ['a:1'], layers: ['l1/layer.tar', `blobs/sha256/${hex}`]}]);
  });

  it('refuses malformed manifests and hostile layer paths', () => {
    refused(() => parseDockerManifest({}), /non-empty list/);
    refused(() => parseDockerManifest([]), /non-empty list/);
    refused(() => parseDockerManifest([{Config: 'c.json'}]), /lacks Config or Layers/);
    refused(() => parseDockerManifest([{Config: 'c.json', Layers: ['../../etc/shadow']}]), /leaves the archive/);
    refused(() => parseDockerManifest([{Config: 'c.json', Layers: [42]}]), /must be paths/);
  });
});

describe('OCI index and manifests', () => {
  const descriptor = {mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${hex}`, size: 10};

  it('reads descriptors with annotations and platform', () => {
    const [entry] = parseOciIndex({manifests: [{...descriptor, annotations: {'io.containerd.image.name': 'a:1', n: 3}, platform: {os: 'linux', architecture: 'amd64'}}]});
    expect(entry).toEqual({...descriptor, annotations: {'io.containerd.image.name': 'a:1'}, platform: {os: 'linux', architecture: 'amd64'}});
    expect(parseOciManifest({config: descriptor, layers: [descriptor]}).layers).toHaveLength(1);
  });

  it('maps digests to blob paths and refuses other algorithms', () => {
    expect(layoutBlobPath(`sha256:${hex}`)).toBe(`blobs/sha256/${hex}`);
    refused(() => layoutBlobPath(`sha512:${hex}`), /unsupported digest/);
    refused(() => layoutBlobPath('sha256:../../etc'), /unsupported digest/);
    refused(() => parseOciIndex({}), /no manifests/);
    refused(() => parseOciManifest({config: {digest: 'x'}, layers: []}), /descriptor/);
  });
});

describe('image config', () => {
  const config = (inner: unknown, extra: Record<string, unknown> = {}): Buffer =>
    Buffer.from(JSON.stringify({rootfs: {type: 'layers', diff_ids: [`sha256:${hex}`]}, config: inner, ...extra}));

  it('keeps Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts and Labels', () => {
    const parsed = parseImageConfig(config({
      Env: ['A=1'], Cmd: ['run'], Entrypoint: ['/bin/sh', '-c'], WorkingDir: '/w', User: 'app:app',
      ExposedPorts: {'80/tcp': {junk: 1}}, Labels: {a: 'b', bad: 3},
    }, {history: [{created_by: 'x', empty_layer: true}, 'junk']}));
    expect(parsed.config).toEqual({Env: ['A=1'], Cmd: ['run'], Entrypoint: ['/bin/sh', '-c'], WorkingDir: '/w', User: 'app:app',
      ExposedPorts: {'80/tcp': {}}, Labels: {a: 'b'}});
    expect(parsed.diffIds).toEqual([hex]);
    expect(parsed.history).toEqual([{created_by: 'x', empty_layer: true}]);
  });

  it('defaults what is missing and refuses wrong types', () => {
    expect(parseImageConfig(config(undefined)).config).toEqual({Env: [], Cmd: [], Entrypoint: [], WorkingDir: '/', User: ''});
    refused(() => parseImageConfig(config({Cmd: 'sh'})), /config\.Cmd must be a list of strings/);
    refused(() => parseImageConfig(Buffer.from('{"rootfs":{"type":"layers","diff_ids":["md5:x"]}}')), /malformed digest/);
    refused(() => parseImageConfig(Buffer.from('not json')), /not JSON/);
  });
});
