import {describe, expect, it} from 'vitest';
import {familiarName, isLoopbackRegistry, localTag, manifestReference, parseRemoteReference} from '../../../src/registry/reference.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

describe('parseRemoteReference', () => {
  it('expands a short name to Docker Hub library/ with tag latest', () => {
    expect(parseRemoteReference('alpine')).toEqual({registry: 'docker.io', apiHost: 'registry-1.docker.io', repository: 'library/alpine', tag: 'latest', digest: undefined});
    expect(parseRemoteReference('user/app:1.0')).toMatchObject({registry: 'docker.io', repository: 'user/app', tag: '1.0'});
    expect(parseRemoteReference('docker.io/library/alpine:3')).toMatchObject({registry: 'docker.io', repository: 'library/alpine', tag: '3'});
    expect(parseRemoteReference('index.docker.io/user/app')).toMatchObject({registry: 'docker.io', repository: 'user/app'});
  });

  it('reads host:port, localhost and IPv6 registries', () => {
    expect(parseRemoteReference('127.0.0.1:5000/team/app:v2')).toMatchObject({registry: '127.0.0.1:5000', apiHost: '127.0.0.1:5000', repository: 'team/app', tag: 'v2'});
    expect(parseRemoteReference('localhost/app')).toMatchObject({registry: 'localhost', repository: 'app', tag: 'latest'});
    expect(parseRemoteReference('[::1]:5000/app')).toMatchObject({registry: '[::1]:5000', repository: 'app'});
    expect(parseRemoteReference('quay.io/org/app')).toMatchObject({registry: 'quay.io', repository: 'org/app'});
  });

  it('keeps a digest, with or without a tag', () => {
    const byDigest = parseRemoteReference(`127.0.0.1:5000/app@${DIGEST}`);
    expect(byDigest).toMatchObject({tag: undefined, digest: DIGEST});
    expect(manifestReference(byDigest)).toBe(DIGEST);
    expect(localTag(byDigest)).toBeUndefined();
    const both = parseRemoteReference(`127.0.0.1:5000/app:1@${DIGEST}`);
    expect(both).toMatchObject({tag: '1', digest: DIGEST});
    expect(manifestReference(both)).toBe(DIGEST);
  });

  it('refuses malformed references in one line that says why', () => {
    expect(() => parseRemoteReference('Alpine')).toThrow(/lowercase/);
    expect(() => parseRemoteReference('app@sha256:1234')).toThrow(/digest/);
    expect(() => parseRemoteReference('app:bad tag')).toThrow(/not a valid tag/);
    expect(() => parseRemoteReference('127.0.0.1:5000/')).toThrow(/invalid image reference/);
  });

  it('names images locally as Docker shows them', () => {
    expect(localTag(parseRemoteReference('alpine'))).toBe('alpine:latest');
    expect(localTag(parseRemoteReference('user/app:2'))).toBe('user/app:2');
    expect(familiarName(parseRemoteReference('127.0.0.1:5000/app'))).toBe('127.0.0.1:5000/app');
  });
});

describe('isLoopbackRegistry', () => {
  it('is true for 127.0.0.0/8, ::1 and localhost only', () => {
    for (const host of ['127.0.0.1:5000', '127.1.2.3', 'localhost:443', 'localhost', '[::1]:5000']) expect(isLoopbackRegistry(host)).toBe(true);
    for (const host of ['10.0.0.1:5000', 'registry.local', 'docker.io', '128.0.0.1', 'localhost.example.com']) expect(isLoopbackRegistry(host)).toBe(false);
  });
});
