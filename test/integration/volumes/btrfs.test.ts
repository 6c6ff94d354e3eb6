import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {importImage} from '../../../src/image/index.js';
import {storePaths} from '../../../src/paths.js';
import {TEST_IMAGE_TARBALL} from '../global-setup.js';
import {islander, safeName} from '../helpers.js';
import {expectOk} from './volume-helpers.js';

/**
 * The btrfs driver on a loop-mounted btrfs image of the test's own, as the store's volume root. Skipped (and
 * saying why) where the kernel has no btrfs or btrfs-progs is not installed.
 */
const hasBtrfs = readFileSync('/proc/filesystems', 'utf8').includes('\tbtrfs\n');
const hasProgs = spawnSync('mkfs.btrfs', ['--version']).status === 0 && spawnSync('btrfs', ['--version']).status === 0;
const skipReason = !hasBtrfs ? 'the kernel has no btrfs' : !hasProgs ? 'btrfs-progs is not installed (apt-get install btrfs-progs)' : '';
if (skipReason) console.warn(`btrfs volume tests skipped: ${skipReason}`);

describe.skipIf(skipReason !== '')('the btrfs volume driver', () => {
  let work: string;
  let root: string;
  let loop = '';
  let mounted = false;
  const cli = (args: string[]) => islander(args, {root});
  const subvolumeOf = (path: string) => spawnSync('btrfs', ['subvolume', 'show', path], {encoding: 'utf8'});

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'islander-btrfs-'));
    root = join(work, 'root');
    const image = join(work, 'btrfs.img');
    execFileSync('truncate', ['-s', '256M', image]);
    execFileSync('mkfs.btrfs', ['-q', image]);
    loop = execFileSync('losetup', ['--find', '--show', image], {encoding: 'utf8'}).trim();
    mkdirSync(join(root, 'volumes'), {recursive: true});
    execFileSync('mount', [loop, join(root, 'volumes')]);
    mounted = true;
    await importImage(storePaths(root), TEST_IMAGE_TARBALL, 'alpine-stress', {progress: false});
  });

  afterAll(async () => {
    if (existsSync(join(root, 'containers'))) await cli(['rm', '-f', ...(await cli(['ps', '-aq'])).stdout.split('\n').filter(Boolean)]);
    try {
      if (mounted) execFileSync('umount', [join(root, 'volumes')]);
    } finally {
      if (loop !== '') execFileSync('losetup', ['-d', loop]);
      rmSync(work, {recursive: true, force: true});
    }
  });

  it('makes each volume a subvolume, snapshots one with snapshot-of, and deletes them', async () => {
    const base = safeName('base');
    const copy = safeName('copy');
    const data = (name: string) => join(root, 'volumes', name, '_data');
    expect(expectOk(await cli(['volume', 'create', '--driver', 'btrfs', base])).stdout).toBe(`${base}\n`);
    expect(subvolumeOf(data(base)).status).toBe(0);
    expectOk(await cli(['run', '--rm', '-v', `${base}:/data`, 'alpine-stress', 'sh', '-c', 'echo original > /data/f']));

    expectOk(await cli(['volume', 'create', '--driver', 'btrfs', '--opt', `snapshot-of=${base}`, copy]));
    expect(subvolumeOf(data(copy)).stdout).toMatch(/Parent UUID:\s+[0-9a-f-]{36}/);
    const read = expectOk(await cli(['run', '--rm', '-v', `${copy}:/data`, 'alpine-stress', 'sh', '-c', 'cat /data/f; echo changed > /data/f']));
    expect(read.stdout).toBe('original\n');
    expect(readFileSync(join(data(base), 'f'), 'utf8')).toBe('original\n');
    expect(readFileSync(join(data(copy), 'f'), 'utf8')).toBe('changed\n');
    const [inspected] = JSON.parse(expectOk(await cli(['volume', 'inspect', copy])).stdout) as Array<Record<string, unknown>>;
    expect(inspected).toMatchObject({Driver: 'btrfs', Options: {'snapshot-of': base}});

    expectOk(await cli(['volume', 'rm', copy, base]));
    const left = execFileSync('btrfs', ['subvolume', 'list', join(root, 'volumes')], {encoding: 'utf8'});
    expect(left).toBe('');
    expect(existsSync(join(root, 'volumes', base))).toBe(false);
  });

  it('pre-fills a btrfs volume from the image like any other', async () => {
    const volume = safeName('prefill');
    expectOk(await cli(['volume', 'create', '--driver', 'btrfs', volume]));
    const result = expectOk(await cli(['run', '--rm', '-v', `${volume}:/etc`, 'alpine-stress', 'cat', '/etc/os-release']));
    expect(result.stdout).toMatch(/^PRETTY_NAME=/m);
    expectOk(await cli(['volume', 'rm', volume]));
  });

  it('refuses snapshot-of a missing or non-btrfs volume, and btrfs where the volume root is not btrfs', async () => {
    expect((await cli(['volume', 'create', '--driver', 'btrfs', '--opt', 'snapshot-of=nothing-here', safeName('x')])).stderr)
      .toMatch(/no such volume 'nothing-here' to snapshot/);
    const local = safeName('local');
    expectOk(await cli(['volume', 'create', local]));
    expect((await cli(['volume', 'create', '--driver', 'btrfs', '--opt', `snapshot-of=${local}`, safeName('y')])).stderr)
      .toMatch(/uses the local driver, not btrfs/);
    expectOk(await cli(['volume', 'rm', local]));
    const elsewhere = await islander(['volume', 'create', '--driver', 'btrfs', safeName('z')]);
    expect(elsewhere.exitCode).toBe(125);
    expect(elsewhere.stderr).toMatch(/needs .*volumes on a btrfs filesystem/);
  });
});
