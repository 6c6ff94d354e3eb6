import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {IslanderError} from '../../../src/errors.js';
import {imageLowerDirs, listImages, loadImages} from '../../../src/image/index.js';
import {storePaths, type StorePaths} from '../../../src/paths.js';
import {configJson, dockerArchive, ociArchive, sha256} from './image-archive.js';
import {buildTar, type TarEntry} from './tar-builder.js';

/**
 * Hostile `image load` input, one regression test per attack: archives built in code that try to make the
 * loader read outside the archive, accept content that does not match its digest, or follow symlinks.
 * Every refusal must leave the store empty (no image, no layer, no blob) and the host untouched.
 */
let base: string;
let paths: StorePaths;
let counter = 0;

const layer = buildTar([{name: 'hello', body: 'world\n'}]);
const spec = {layers: [layer], config: {Cmd: ['/hello']}};

beforeAll(() => {
  base = mkdtempSync('/tmp/islander-load-hostile-');
  paths = storePaths(join(base, 'store'));
});

afterAll(() => {
  rmSync(base, {recursive: true, force: true});
});

function write(archive: Buffer): string {
  const file = join(base, `archive-${counter++}.tar`);
  writeFileSync(file, archive);
  return file;
}

function storeEntries(sub: string[]): string[] {
  const dir = join(paths.images, ...sub);
  return existsSync(dir) ? readdirSync(dir).filter((name) => !name.startsWith('.')) : [];
}

async function expectRefused(archive: Buffer, message: RegExp): Promise<void> {
  const error = await loadImages(paths, write(archive), {progress: false}).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(IslanderError);
  expect((error as IslanderError).code).toBe('invalid-image');
  expect((error as IslanderError).message).toMatch(message);
  expect(listImages(paths)).toEqual([]);
  expect(storeEntries(['layers'])).toEqual([]);
  expect(storeEntries(['blobs', 'sha256'])).toEqual([]);
  expect(existsSync(paths.tmp) ? readdirSync(paths.tmp) : []).toEqual([]);
}

const manifestWith = (layers: string[], config = `${sha256(configJson(spec))}.json`): unknown =>
  [{Config: config, RepoTags: ['evil:latest'], Layers: layers}];

describe('hostile docker save archives', () => {
  it('refuses a layer path that climbs out of the archive', async () => {
    await expectRefused(dockerArchive(spec, [], {manifest: manifestWith(['../../../../etc/passwd'])}), /leaves the archive/);
  });

  it('refuses an absolute layer path', async () => {
    await expectRefused(dockerArchive(spec, [], {manifest: manifestWith(['/etc/passwd'])}), /absolute path/);
  });

  it('refuses a config path with ".." in the middle', async () => {
    await expectRefused(dockerArchive(spec, [], {manifest: manifestWith(['x/layer.tar'], 'x/../../etc/hostname')}), /leaves the archive/);
  });

  it('refuses a layer that is a symlink to a host file', async () => {
    const archive = dockerArchive(spec, [], {
      manifest: manifestWith(['evil/layer.tar']),
      extra: [{name: 'evil/', type: 'dir'}, {name: 'evil/layer.tar', type: 'symlink', linkname: '/etc/passwd'}],
    });
    await expectRefused(archive, /symlink/);
  });

  it('refuses a layer reached through a symlinked directory', async () => {
    const archive = dockerArchive(spec, [], {
      manifest: manifestWith(['linkdir/layer.tar']),
      extra: [{name: 'linkdir', type: 'symlink', linkname: '/etc'}],
    });
    await expectRefused(archive, /symlink/);
  });

  it('a layer file\'s mode and owner in the archive do not reach the blob store (setuid, another user)', async () => {
    const archive = dockerArchive(spec, ['evil:latest'], {
      manifest: manifestWith(['odd/layer.tar']),
      extra: [{name: 'odd/', type: 'dir'}, {name: 'odd/layer.tar', body: layer, mode: 0o4777, uid: 1234, gid: 1234}],
    });
    // A store of its own: the refusals below expect theirs to stay empty.
    const own = storePaths(join(base, `own-${counter++}`));
    const [image] = (await loadImages(own, write(archive), {progress: false})).images;
    const blob = statSync(join(own.images, 'blobs', 'sha256', sha256(layer)));
    expect(blob.mode & 0o7777).toBe(0o644);
    expect([blob.uid, blob.gid]).toEqual([0, 0]);
    expect(imageLowerDirs(own, image!.id)).toHaveLength(1);
  });

  it('loads two images of one archive that list the same layer file', async () => {
    // Two images (their configs differ) whose manifests name one and the same layer file.
    const second = configJson({...spec, config: {Cmd: ['/hello', 'again']}});
    const archive = dockerArchive(spec, [], {manifest: [
      {Config: `${sha256(configJson(spec))}.json`, RepoTags: ['twin:one'], Layers: ['shared/layer.tar']},
      {Config: `${sha256(second)}.json`, RepoTags: ['twin:two'], Layers: ['shared/layer.tar']},
    ], extra: [{name: `${sha256(second)}.json`, body: second}, {name: 'shared/', type: 'dir'}, {name: 'shared/layer.tar', body: layer}]});
    const own = storePaths(join(base, `own-${counter++}`));
    const result = await loadImages(own, write(archive), {progress: false});
    expect(result.loaded).toEqual(['Loaded image: twin:one', 'Loaded image: twin:two']);
    expect(readdirSync(join(own.images, 'blobs', 'sha256'))).toContain(sha256(layer));
  });

  it('refuses a layer whose content does not match the config\'s diff_ids', async () => {
    const other = buildTar([{name: 'hello', body: 'tampered\n'}]);
    const archive = dockerArchive({layers: [other]}, ['evil:latest'], {config: configJson(spec)});
    await expectRefused(archive, /does not match its diff id/);
  });

  it('refuses a blobs/sha256/<hex> layer whose content has another digest', async () => {
    const fake = 'f'.repeat(64);
    const archive = dockerArchive(spec, [], {
      manifest: manifestWith([`blobs/sha256/${fake}`]),
      extra: [{name: 'blobs/', type: 'dir'}, {name: 'blobs/sha256/', type: 'dir'}, {name: `blobs/sha256/${fake}`, body: layer}],
    });
    await expectRefused(archive, /does not match its content/);
  });
});

describe('hostile OCI layouts', () => {
  it('refuses a blob whose content does not match its digest', async () => {
    const archive = ociArchive(spec, 'evil:latest', {
      compressions: ['tar'],
      blobOverrides: {[sha256(layer)]: {name: `blobs/sha256/${sha256(layer)}`, body: buildTar([{name: 'hello', body: 'swapped\n'}])}},
    });
    await expectRefused(archive, /does not match its content/);
  });

  it('refuses a blob that is a symlink to a host file', async () => {
    const archive = ociArchive(spec, 'evil:latest', {
      compressions: ['tar'],
      blobOverrides: {[sha256(layer)]: {name: `blobs/sha256/${sha256(layer)}`, type: 'symlink', linkname: '/etc/passwd'}},
    });
    await expectRefused(archive, /symlink/);
  });

  it('refuses an archive that is neither format', async () => {
    await expectRefused(buildTar([{name: 'random.txt', body: 'hi'}]), /neither manifest\.json/);
  });
});

describe('hostile layers', () => {
  it('drops trusted.overlay.* xattrs smuggled in a layer, so only real whiteouts hide lower files', async () => {
    const lower = buildTar([{name: 'dir/', type: 'dir'}, {name: 'dir/kept', body: 'kept\n'}]);
    const upper = buildTar([{name: 'dir/', type: 'dir', pax: {'SCHILY.xattr.trusted.overlay.opaque': 'y'}} satisfies TarEntry]);
    const images = await loadImages(paths, write(dockerArchive({layers: [lower, upper]}, ['smuggle:latest'])), {progress: false});
    const [top, bottom] = imageLowerDirs(paths, images.images[0]!.id);
    expect(existsSync(join(bottom!, 'dir', 'kept'))).toBe(true);
    // Node cannot read trusted.* xattrs; python3 can.
    expect(execFileSync('python3', ['-c', 'import os, sys; print(os.listxattr(sys.argv[1]))', join(top!, 'dir')], {encoding: 'utf8'})).toBe('[]\n');
    const record = JSON.parse(readFileSync(join(paths.images, 'layers', sha256(upper), 'layer.json'), 'utf8')) as {opaqueDirs: string[]};
    expect(record.opaqueDirs).toEqual([]);
  });
});
