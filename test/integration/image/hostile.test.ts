import {execFileSync} from 'node:child_process';
import {existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync,
  writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {IslanderError} from '../../../src/errors.js';
import {imageRootfs, importImage, listImages, type ImageRecord} from '../../../src/image/index.js';
import {storePaths, type StorePaths} from '../../../src/paths.js';
import {buildTar, type TarEntry} from './tar-builder.js';

/**
 * One test per attack on the extractor, in the spirit of node-tar's test/ghsa-* files: each builds its hostile
 * archive in code, imports it, and checks both the store and that a "host" directory outside the store (the
 * thing an escape would hit) is untouched.
 */
let base: string;
let host: string;
let paths: StorePaths;
let counter = 0;

beforeAll(() => {
  base = mkdtempSync('/tmp/islander-image-hostile-');
  host = join(base, 'host');
  paths = storePaths(join(base, 'store'));
});

afterAll(() => {
  rmSync(base, {recursive: true, force: true});
});

beforeEach(() => {
  rmSync(host, {recursive: true, force: true});
  mkdirSync(host);
  writeFileSync(join(host, 'marker'), 'original');
});

function expectHostUntouched(): void {
  expect(readdirSync(host)).toEqual(['marker']);
  expect(readFileSync(join(host, 'marker'), 'utf8')).toBe('original');
  expect(statSync(join(host, 'marker')).nlink).toBe(1);
}

function expectNoLeftovers(): void {
  const tmp = existsSync(paths.tmp) ? readdirSync(paths.tmp) : [];
  expect(tmp.filter((name) => name.startsWith('import-'))).toEqual([]);
}

async function importEntries(entries: readonly TarEntry[]): Promise<ImageRecord> {
  return importArchive(buildTar(entries));
}

async function importArchive(archive: Buffer): Promise<ImageRecord> {
  const file = join(base, `attack-${++counter}.tar`);
  writeFileSync(file, archive);
  return importImage(paths, file, `attack:${counter}`, {progress: false});
}

async function expectRefused(entries: readonly TarEntry[] | Buffer, message: RegExp): Promise<void> {
  const before = listImages(paths).length;
  const attempt = Buffer.isBuffer(entries) ? importArchive(entries) : importEntries(entries);
  const error = await attempt.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(IslanderError);
  expect((error as IslanderError).code).toBe('invalid-image');
  expect((error as IslanderError).message).toMatch(message);
  expect(listImages(paths).length).toBe(before);
  expectNoLeftovers();
}

function rootfsOf(image: ImageRecord): string {
  return imageRootfs(paths, image.id);
}

describe('hostile archives', () => {
  it('refuses a ../ escape', async () => {
    await expectRefused([{name: 'ok', body: 'x'}, {name: '../../../host/marker', body: 'pwned'}], /'\.\.' component/);
    expectHostUntouched();
  });

  it('refuses a .. hidden in the middle of a path', async () => {
    await expectRefused([{name: 'a/b/../../../escaped', body: 'pwned'}], /'\.\.'/);
    expectHostUntouched();
  });

  it('extracts an absolute path inside the rootfs', async () => {
    const image = await importEntries([{name: `${host}/marker`, body: 'pwned'}, {name: '/abs', body: 'inside'}]);
    expectHostUntouched();
    expect(readFileSync(join(rootfsOf(image), host, 'marker'), 'utf8')).toBe('pwned');
    expect(readFileSync(join(rootfsOf(image), 'abs'), 'utf8')).toBe('inside');
  });

  it('writes through a symlink to an absolute directory only inside the rootfs', async () => {
    const image = await importEntries([
      {name: 'real', type: 'dir'},
      {name: 'etc', type: 'symlink', linkname: '/real'},
      {name: 'etc/evil', body: 'contained'},
    ]);
    expectHostUntouched();
    expect(readFileSync(join(rootfsOf(image), 'real', 'evil'), 'utf8')).toBe('contained');
    expect(readlinkSync(join(rootfsOf(image), 'etc'))).toBe('/real');
  });

  it('never follows a symlink to a host directory (etc -> /etc style)', async () => {
    await expectRefused([
      {name: 'etc', type: 'symlink', linkname: host},
      {name: 'etc/marker', body: 'pwned'},
    ], /entry 'etc\/marker'/);
    expectHostUntouched();
  });

  it('keeps a symlink to itself (etc -> /etc) from looping out', async () => {
    await expectRefused([
      {name: 'etc', type: 'symlink', linkname: '/etc'},
      {name: 'etc/passwd', body: 'root::0:0::/:/bin/sh'},
    ], /etc\/passwd/);
    expectHostUntouched();
  });

  it('clamps chains of symlinks to .. at the rootfs', async () => {
    const image = await importEntries([
      {name: 'a', type: 'dir'},
      {name: 'a/up', type: 'symlink', linkname: '..'},
      {name: 'a/up2', type: 'symlink', linkname: 'up/../../../..'},
      {name: 'deep', type: 'symlink', linkname: 'a/up2/a/up2/a/up2'},
      {name: 'deep/landed', body: 'inside'},
    ]);
    expectHostUntouched();
    expect(readFileSync(join(rootfsOf(image), 'landed'), 'utf8')).toBe('inside');
  });

  it('refuses a hard link with .. in its target', async () => {
    await expectRefused([{name: 'shadow', type: 'hardlink', linkname: '../../../host/marker'}], /hard link source.*'\.\.'/);
    expectHostUntouched();
  });

  it('resolves an absolute hard link target inside the rootfs, never on the host', async () => {
    await expectRefused([{name: 'stolen', type: 'hardlink', linkname: `${host}/marker`}], /hard link source/);
    expectHostUntouched();
    const image = await importEntries([
      {name: 'etc', type: 'dir'},
      {name: 'etc/shadow', body: 'inside'},
      {name: 'copy', type: 'hardlink', linkname: '/etc/shadow'},
    ]);
    expect(statSync(join(rootfsOf(image), 'copy')).ino).toBe(statSync(join(rootfsOf(image), 'etc', 'shadow')).ino);
  });

  it('refuses a hard link through a symlinked directory to the host', async () => {
    await expectRefused([
      {name: 'h', type: 'symlink', linkname: host},
      {name: 'stolen', type: 'hardlink', linkname: 'h/marker'},
    ], /stolen/);
    expectHostUntouched();
  });

  it('skips char and block device nodes', async () => {
    const image = await importEntries([
      {name: 'dev', type: 'dir'},
      {name: 'dev/sda', type: 'block', mode: 0o666},
      {name: 'dev/mem', type: 'char', mode: 0o666},
      {name: 'dev/fifo', type: 'fifo', mode: 0o600},
    ]);
    expect(readdirSync(join(rootfsOf(image), 'dev'))).toEqual(['fifo']);
    expect(lstatSync(join(rootfsOf(image), 'dev', 'fifo')).isFIFO()).toBe(true);
  });

  it('replaces a symlink with a file instead of writing through it', async () => {
    const image = await importEntries([
      {name: 'link', type: 'symlink', linkname: `${host}/marker`},
      {name: 'link', body: 'replaced'},
    ]);
    expectHostUntouched();
    const link = join(rootfsOf(image), 'link');
    expect(lstatSync(link).isFile()).toBe(true);
    expect(readFileSync(link, 'utf8')).toBe('replaced');
  });

  it('extracts very long names and link targets (pax and GNU)', async () => {
    const long = `${'d'.repeat(120)}/${'e'.repeat(150)}/${'f'.repeat(200)}`;
    const image = await importEntries([
      {name: `${long}/pax-file`, body: 'pax'},
      {name: `${long}/gnu-file`, body: 'gnu', gnuLongNames: true},
      {name: 'pax-link', type: 'symlink', linkname: `${long}/pax-file`},
      {name: 'gnu-link', type: 'symlink', linkname: `${long}/gnu-file`, gnuLongNames: true},
    ]);
    expect(readFileSync(join(rootfsOf(image), long, 'pax-file'), 'utf8')).toBe('pax');
    expect(readFileSync(join(rootfsOf(image), long, 'gnu-file'), 'utf8')).toBe('gnu');
    expect(readFileSync(join(rootfsOf(image), 'pax-link'), 'utf8')).toBe('pax');
    expect(readlinkSync(join(rootfsOf(image), 'gnu-link'))).toBe(`${long}/gnu-file`);
  });

  it('keeps non-UTF-8 names byte for byte', async () => {
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in Latin-1
    const invalid = Buffer.from([0xff, 0xfe, 0x2f, 0x80]); // a directory "\xff\xfe" holding "\x80"
    const image = await importEntries([{name: latin1, body: 'latin1'}, {name: invalid, body: 'raw'}]);
    const names = readdirSync(Buffer.from(rootfsOf(image)), {encoding: 'buffer'});
    expect(names.some((name) => name.equals(latin1))).toBe(true);
    expect(names.some((name) => name.equals(Buffer.from([0xff, 0xfe])))).toBe(true);
    const file = Buffer.concat([Buffer.from(`${rootfsOf(image)}/`), invalid]);
    expect(readFileSync(file, 'utf8')).toBe('raw');
  });

  it('names a non-UTF-8 entry safely in the error', async () => {
    const error = await importEntries([{name: Buffer.from([0x2e, 0x2e, 0x2f, 0xff, 0x22]), body: 'x'}])
      .then(() => undefined, (caught: unknown) => caught);
    expect((error as IslanderError).message).toContain(`entry '../\\xff"'`);
  });

  it('preserves setuid bits, ownership and xattrs (user.* and security.capability)', async () => {
    // VFS_CAP_REVISION_2, effective, permitted = CAP_NET_BIND_SERVICE (bit 10).
    const capability = Buffer.from('0100000200040000000000000000000000000000', 'hex');
    const image = await importEntries([
      {name: 'bin', type: 'dir', mode: 0o755},
      {name: 'bin/su', body: '#!/bin/true\n', mode: 0o4755, uid: 0, gid: 0},
      {name: 'bin/ping', body: 'elf', mode: 0o755, uid: 1234, gid: 5678,
        pax: {'SCHILY.xattr.security.capability': capability, 'SCHILY.xattr.user.origin': 'islander'}},
      {name: 'tmp', type: 'dir', mode: 0o1777},
      {name: 'bin/sgid', body: 'x', mode: 0o2711, uid: 42, gid: 43},
    ]);
    const rootfs = rootfsOf(image);
    expect(statSync(join(rootfs, 'bin', 'su')).mode & 0o7777).toBe(0o4755);
    expect(statSync(join(rootfs, 'tmp')).mode & 0o7777).toBe(0o1777);
    const sgid = statSync(join(rootfs, 'bin', 'sgid'));
    expect([sgid.mode & 0o7777, sgid.uid, sgid.gid]).toEqual([0o2711, 42, 43]);
    const ping = statSync(join(rootfs, 'bin', 'ping'));
    expect([ping.uid, ping.gid]).toEqual([1234, 5678]);
    expect(getXattr(join(rootfs, 'bin', 'ping'), 'user.origin')).toBe(Buffer.from('islander').toString('hex'));
    expect(getXattr(join(rootfs, 'bin', 'ping'), 'security.capability')).toBe(capability.toString('hex'));
    expect(statSync(join(rootfs, 'bin', 'ping')).mtimeMs).toBe(1_700_000_000_000);
  });

  it('fails on a truncated archive and leaves no image', async () => {
    const whole = buildTar([{name: 'big', body: Buffer.alloc(64 * 1024, 7)}, {name: 'after', body: 'x'}]);
    await expectRefused(whole.subarray(0, 20 * 1024), /truncated/);
    await expectRefused(whole.subarray(0, 512 * 3 + 64 * 1024), /truncated|end-of-archive/);
  });

  it('fails clearly on something that is not a tar archive', async () => {
    await expectRefused(Buffer.from('#!/bin/sh\necho definitely not a tarball\n'), /not a tar archive/);
    const almost = Buffer.alloc(1024);
    almost.write('ustar', 257);
    await expectRefused(almost, /checksum/);
  });

  it('refuses GNU sparse files', async () => {
    await expectRefused([{name: 'sparse', body: 'x', pax: {'GNU.sparse.major': '1', 'GNU.sparse.minor': '0'}}], /sparse/);
  });
});

function getXattr(path: string, name: string): string {
  const script = 'import os,sys; print(os.getxattr(sys.argv[1], sys.argv[2], follow_symlinks=False).hex())';
  return execFileSync('python3', ['-c', script, path, name], {encoding: 'utf8'}).trim();
}
