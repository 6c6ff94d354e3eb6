import {execFileSync, spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {buildSync} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {IslanderError} from '../../../src/errors.js';
import {imageRootfs, importImage, listImages, removeImage, resolveImage} from '../../../src/image/index.js';
import {libexecPath, packageRoot, storePaths, type StorePaths} from '../../../src/paths.js';
import {buildTar} from './tar-builder.js';

/** Imports of real GNU tar output in each format, the store's names and ids, removal, and atomicity. */
let base: string;
let paths: StorePaths;
let plainTar: string;
let tarSha: string;

beforeAll(() => {
  base = mkdtempSync('/tmp/islander-image-import-');
  paths = storePaths(join(base, 'store'));
  const tree = join(base, 'tree');
  mkdirSync(join(tree, 'etc'), {recursive: true});
  mkdirSync(join(tree, 'bin'));
  writeFileSync(join(tree, 'etc', 'os-release'), 'NAME=small\n');
  writeFileSync(join(tree, 'bin', 'tool'), '#!/bin/sh\necho hi\n', {mode: 0o755});
  symlinkSync('tool', join(tree, 'bin', 'alias'));
  plainTar = join(base, 'small-tree.tar');
  execFileSync('tar', ['--numeric-owner', '-C', tree, '-cf', plainTar, '.']);
  execFileSync('gzip', ['-k', plainTar]);
  execFileSync('zstd', ['-q', '-k', plainTar, '-o', `${plainTar}.zst`]);
  tarSha = createHash('sha256').update(readFileSync(plainTar)).digest('hex');
});

afterAll(() => {
  rmSync(base, {recursive: true, force: true});
});

describe('image import', () => {
  it('imports a gzip tarball under the name of the file, with the id of the uncompressed tar', async () => {
    const image = await importImage(paths, `${plainTar}.gz`, undefined, {progress: false});
    expect(image.id).toBe(tarSha);
    expect(image.repoTags).toEqual(['small-tree:latest']);
    expect(image.config.Env).toEqual(['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin']);
    expect(image.config.Cmd).toEqual([]);
    expect(image.size).toBe('NAME=small\n'.length + '#!/bin/sh\necho hi\n'.length);
    const rootfs = imageRootfs(paths, image.id);
    expect(readFileSync(join(rootfs, 'etc', 'os-release'), 'utf8')).toBe('NAME=small\n');
    expect(readFileSync(join(rootfs, 'bin', 'alias'), 'utf8')).toContain('echo hi');
    // Directory times are restored after their contents are written (GNU tar stores whole seconds).
    const tree = join(base, 'tree');
    expect(statSync(join(rootfs, 'etc')).mtimeMs).toBe(Math.floor(statSync(join(tree, 'etc')).mtimeMs / 1000) * 1000);
    expect(statSync(join(rootfs, 'bin', 'tool')).mode & 0o777).toBe(0o755);
  });

  it('gives plain and zstd imports of the same tar the same id, adding names', async () => {
    const plain = await importImage(paths, plainTar, 'plain:v1', {progress: false});
    const zstd = await importImage(paths, `${plainTar}.zst`, 'registry.local:5000/team/zstd:1.0', {progress: false});
    expect(plain.id).toBe(tarSha);
    expect(zstd.id).toBe(tarSha);
    expect(zstd.repoTags).toEqual(['plain:v1', 'registry.local:5000/team/zstd:1.0', 'small-tree:latest']);
    expect(listImages(paths).map((image) => image.id)).toEqual([tarSha]);
    expect(readdirSync(paths.images).filter((name) => name.length === 64)).toEqual([tarSha]);
  });

  it('resolves by name, name:tag, full id, sha256:id and unique prefix', () => {
    for (const ref of ['small-tree', 'small-tree:latest', 'plain:v1', tarSha, `sha256:${tarSha}`, tarSha.slice(0, 6)]) {
      expect(resolveImage(paths, ref).id).toBe(tarSha);
    }
    expect(() => resolveImage(paths, 'nope')).toThrow("no such image 'nope'");
    expect(() => resolveImage(paths, tarSha.slice(0, 3))).toThrow(IslanderError);
  });

  it('refuses a bad explicit name before reading the file', async () => {
    await expect(importImage(paths, '/nonexistent.tar', 'Bad:Name', {progress: false})).rejects.toThrow(/lowercase/);
    await expect(importImage(paths, '/nonexistent.tar', 'ok', {progress: false})).rejects.toThrow("no such file '/nonexistent.tar'");
  });

  it('survives two imports at once without losing a name', async () => {
    const other = join(base, 'other.tar');
    writeFileSync(other, buildTar([{name: 'only', body: 'other'}]));
    const results = await Promise.all([
      importImage(paths, other, 'race:a', {progress: false}),
      importImage(paths, other, 'race:b', {progress: false}),
      importImage(paths, plainTar, 'race:c', {progress: false}),
    ]);
    expect(results[0]!.id).toBe(results[1]!.id);
    expect(resolveImage(paths, 'race:a').repoTags).toEqual(['race:a', 'race:b']);
    expect(resolveImage(paths, 'race:c').id).toBe(tarSha);
  });

  it('removes a name, then the image with its last name, and refuses while a container uses it', () => {
    const other = resolveImage(paths, 'race:a');
    expect(removeImage(paths, 'race:a', {force: false})).toEqual({untagged: ['race:a'], deleted: []});

    const container = join(paths.containers, 'c0ffee');
    mkdirSync(container, {recursive: true});
    writeFileSync(join(container, 'container.json'), JSON.stringify({id: 'c0ffee', name: 'web', created: new Date().toISOString(),
      image: {id: other.id, name: 'race:b'}}));
    expect(() => removeImage(paths, 'race:b', {force: false})).toThrow(/in use by container web/);
    rmSync(container, {recursive: true});

    expect(removeImage(paths, 'race:b', {force: false})).toEqual({untagged: ['race:b'], deleted: [other.id]});
    expect(existsSync(join(paths.images, other.id))).toBe(false);
    expect(() => removeImage(paths, tarSha, {force: false})).toThrow(/several names/);
  });

  it('leaves no image and no name when the extractor is killed mid-way', async () => {
    const big = join(base, 'big.tar.gz');
    writeFileSync(big, gzipSync(buildTar([{name: 'zeros', body: Buffer.alloc(768 * 1024 * 1024)}]), {level: 1}));
    const attempt = importImage(paths, big, 'killed:latest', {progress: false}).then(() => undefined, (e: unknown) => e);
    const pid = await waitForChild('isle-unpack');
    process.kill(pid, 'SIGKILL');
    const error = await attempt;
    expect(error).toBeInstanceOf(IslanderError);
    expect((error as IslanderError).message).toMatch(/killed by signal 9/);
    expect(() => resolveImage(paths, 'killed')).toThrow(/no such image/);
    expect(readdirSync(paths.tmp).filter((name) => name.startsWith('import-'))).toEqual([]);
    rmSync(big);
  });

  it('leaves no image when the importing process itself is killed, and a later import cleans up', async () => {
    const script = join(base, 'import-cli.mjs');
    buildSync({
      stdin: {
        contents: `import {importImage} from './src/image/index.ts'; import {storePaths} from './src/paths.ts';
          await importImage(storePaths(process.argv[2]), process.argv[3], process.argv[4], {progress: false});`,
        resolveDir: packageRoot, loader: 'ts',
      },
      bundle: true, platform: 'node', format: 'esm', outfile: script, logLevel: 'silent',
      external: ['listr2', 'execa'],
    });
    const big = join(base, 'big2.tar.gz');
    writeFileSync(big, gzipSync(buildTar([{name: 'zeros', body: Buffer.alloc(768 * 1024 * 1024)}]), {level: 1}));
    const child = spawn(process.execPath, [script, paths.root, big, 'murdered'], {
      stdio: 'ignore', env: {...process.env, ISLANDER_LIBEXEC: libexecPath('').replace(/\/$/, '')},
    });
    const exited = new Promise((resolve) => child.once('close', resolve));
    const unpacker = await waitForChild('isle-unpack', child.pid);
    child.kill('SIGKILL');
    await exited;
    await waitGone(unpacker);
    expect(readdirSync(paths.tmp).some((name) => name.startsWith(`import-${child.pid}-`))).toBe(true);
    expect(() => resolveImage(paths, 'murdered')).toThrow(/no such image/);

    await importImage(paths, plainTar, 'cleanup:latest', {progress: false});
    expect(readdirSync(paths.tmp).filter((name) => name.startsWith('import-'))).toEqual([]);
    rmSync(big);
  });
});

/** The pid of our (or `parent`'s) child running `comm`, once it exists. */
async function waitForChild(comm: string, parent = process.pid): Promise<number> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        if (stat.includes(`(${comm})`) && Number(fields[1]) === parent) return Number(entry);
      } catch {
        // exited while we looked
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`no ${comm} child of ${parent} appeared`);
}

async function waitGone(pid: number): Promise<void> {
  while (existsSync(`/proc/${pid}/stat`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z')) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
