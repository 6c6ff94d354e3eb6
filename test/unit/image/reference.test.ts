import {describe, expect, it} from 'vitest';
import {IslanderError} from '../../../src/errors.js';
import {defaultReferenceForFile, formatReference, parseReference, tryParseReference} from '../../../src/image/reference.js';

describe('image references', () => {
  it.each([
    ['alpine', 'alpine', 'latest'],
    ['alpine:3.19', 'alpine', '3.19'],
    ['my-app_v2:Release-1', 'my-app_v2', 'Release-1'],
    ['library/alpine:edge', 'library/alpine', 'edge'],
    ['localhost:5000/team/app', 'localhost:5000/team/app', 'latest'],
    ['registry.example.com/a/b:c', 'registry.example.com/a/b', 'c'],
    ['a__b.c--d', 'a__b.c--d', 'latest'],
  ])('parses %s', (text, name, tag) => {
    expect(parseReference(text)).toEqual({name, tag});
  });

  it.each(['', 'Alpine', 'alpine:', ':tag', 'a..b', 'a_-b', '-alpine', 'alpine-', 'al pine', 'a/B', 'alpine@sha256:abc',
    `x:${'t'.repeat(129)}`, 'a'.repeat(256), 'bad_host:5000x/app'])('refuses %j', (text) => {
    expect(tryParseReference(text)).toBeUndefined();
    expect(() => parseReference(text)).toThrow(IslanderError);
  });

  it('says why an uppercase name is refused', () => {
    expect(() => parseReference('Alpine')).toThrow(/must be lowercase/);
    try {
      parseReference('Alpine');
    } catch (error) {
      expect((error as IslanderError).code).toBe('usage');
      expect((error as IslanderError).exitCode).toBe(125);
    }
  });

  it('formats name:tag', () => {
    expect(formatReference({name: 'a/b', tag: 'c'})).toBe('a/b:c');
  });

  it.each([
    ['alpine-stress.tar.gz', 'alpine-stress'],
    ['/images/Alpine-Stress.TAR.GZ', 'alpine-stress'],
    ['busybox.tar', 'busybox'],
    ['rootfs.tgz', 'rootfs'],
    ['debian.tar.zst', 'debian'],
    ['debian.tar.zstd', 'debian'],
    ['plain-file', 'plain-file'],
    ['v1.2.tar', 'v1.2'],
  ])('derives the default name of %s', (file, name) => {
    expect(defaultReferenceForFile(file)).toEqual({name, tag: 'latest'});
  });

  it.each(['my image.tar', 'weird:name.tar', '.tar', 'under__score__.tar.gz'])('cannot derive a name from %j', (file) => {
    expect(() => defaultReferenceForFile(file)).toThrow(/cannot derive an image name/);
  });
});
