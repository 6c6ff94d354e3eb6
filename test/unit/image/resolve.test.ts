import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {IslanderError} from '../../../src/errors.js';
import {listImages, resolveImage} from '../../../src/image/index.js';
import {storePaths, type StorePaths} from '../../../src/paths.js';

/** Reference resolution over a store written by hand (no extraction involved). */
let base: string;
let paths: StorePaths;
const idA = `cafe${'1'.repeat(60)}`;
const idB = `cafe${'2'.repeat(60)}`;
const idC = `beef${'3'.repeat(60)}`;

function storeImage(id: string, created: string): void {
  mkdirSync(join(paths.images, id, 'rootfs'), {recursive: true});
  writeFileSync(join(paths.images, id, 'image.json'), JSON.stringify({id, created, size: 1, source: '/x.tar',
    architecture: 'amd64', os: 'linux', config: {Env: [], Cmd: [], Entrypoint: [], WorkingDir: '/', User: ''}}));
}

beforeAll(() => {
  base = mkdtempSync('/tmp/islander-image-resolve-');
  paths = storePaths(join(base, 'store'));
  storeImage(idA, '2024-01-01T00:00:00.000Z');
  storeImage(idB, '2024-02-01T00:00:00.000Z');
  storeImage(idC, '2024-03-01T00:00:00.000Z');
  mkdirSync(join(paths.images, 'd'.repeat(64))); // an incomplete import: no image.json
  writeFileSync(join(paths.images, 'repositories.json'), JSON.stringify({
    'alpine:latest': idA, 'alpine:3': idA, 'cafe:latest': idC, 'tools/busybox:1.36': idB,
  }));
});

afterAll(() => rmSync(base, {recursive: true, force: true}));

describe('resolveImage', () => {
  it('finds names with and without the default tag', () => {
    expect(resolveImage(paths, 'alpine').id).toBe(idA);
    expect(resolveImage(paths, 'alpine:3').id).toBe(idA);
    expect(resolveImage(paths, 'tools/busybox:1.36').id).toBe(idB);
    expect(resolveImage(paths, 'alpine').repoTags).toEqual(['alpine:3', 'alpine:latest']);
  });

  it('finds full ids, sha256: ids and unique prefixes', () => {
    expect(resolveImage(paths, idB).id).toBe(idB);
    expect(resolveImage(paths, `sha256:${idB}`).id).toBe(idB);
    expect(resolveImage(paths, 'cafe2').id).toBe(idB);
    expect(resolveImage(paths, 'beef').id).toBe(idC);
  });

  it('prefers a name over an id prefix that looks the same', () => {
    expect(resolveImage(paths, 'cafe').id).toBe(idC);
  });

  it('refuses ambiguous and too-short prefixes', () => {
    expect(() => resolveImage(paths, 'sha256:cafe')).toThrow(/ambiguous/);
    expect(() => resolveImage(paths, 'bee')).toThrow(/no such image 'bee'/);
  });

  it('says what to do when nothing matches', () => {
    try {
      resolveImage(paths, 'nginx');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IslanderError);
      expect((error as IslanderError).code).toBe('not-found');
      expect((error as IslanderError).oneLine()).toBe(
        "no such image 'nginx'; see `islander image ls`, or import one with `islander image import FILE`");
    }
  });

  it('lists complete images newest first', () => {
    expect(listImages(paths).map((image) => image.id)).toEqual([idC, idB, idA]);
  });
});
