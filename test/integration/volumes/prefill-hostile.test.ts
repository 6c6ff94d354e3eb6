import {existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {islander, testRoot} from '../helpers.js';
import {buildTar} from '../image/tar-builder.js';
import {expectOk, Made} from './volume-helpers.js';

/**
 * Pre-filling a volume reads the image, which is hostile input: its symlinks must resolve inside the image and be
 * copied as links, never followed to host files.
 */
const made = new Made();
const image = `it-prefill-hostile-${process.pid}`;
let work: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'islander-prefill-'));
  const tarball = join(work, 'hostile.tar');
  writeFileSync(tarball, buildTar([
    {name: 'data/', type: 'dir', mode: 0o750, uid: 1234, gid: 4321},
    {name: 'data/hello', body: 'hi\n', mode: 0o640},
    {name: 'data/sub/', type: 'dir'},
    {name: 'data/sub/deep', body: 'deep\n'},
    {name: 'data/escape', type: 'symlink', linkname: '/etc/shadow'},
    {name: 'data/up', type: 'symlink', linkname: '../../../../../../../etc'},
    {name: 'data/pipe', type: 'fifo'},
    // The volume paths themselves are links that try to leave the image.
    {name: 'relative', type: 'symlink', linkname: '../../../../../../data'},
    {name: 'absolute', type: 'symlink', linkname: '/../../../../data'},
    {name: 'hostetc', type: 'symlink', linkname: '../../../../../../../etc'},
  ]));
  expectOk(await islander(['image', 'import', tarball, image]));
});

afterAll(async () => {
  await made.cleanup();
  await islander(['rmi', '-f', image]);
  rmSync(work, {recursive: true, force: true});
});

const dataOf = (volume: string): string => join(testRoot(), 'volumes', volume, '_data');

describe('pre-filling from a hostile image', () => {
  it('resolves the path inside the image and copies links as links', async () => {
    for (const path of ['/relative', '/absolute', '/data']) {
      const volume = made.volume('hostile');
      const container = made.container('hostile');
      expectOk(await islander(['create', '--name', container, '-v', `${volume}:${path}`, image, 'true']));
      const data = dataOf(volume);
      expect(readdirSync(data).sort()).toEqual(['escape', 'hello', 'sub', 'up']);
      expect(readFileSync(join(data, 'hello'), 'utf8')).toBe('hi\n');
      expect(readFileSync(join(data, 'sub', 'deep'), 'utf8')).toBe('deep\n');
      expect(lstatSync(join(data, 'escape')).isSymbolicLink()).toBe(true);
      expect(readlinkSync(join(data, 'escape'))).toBe('/etc/shadow');
      expect(lstatSync(join(data, 'up')).isSymbolicLink()).toBe(true);
      // The volume root takes the image directory's owner and mode, as Docker's copy-up does.
      const root = lstatSync(data);
      expect([root.uid, root.gid, root.mode & 0o7777]).toEqual([1234, 4321, 0o750]);
      expect(lstatSync(join(data, 'hello')).mode & 0o7777).toBe(0o640);
    }
  });

  it('copies nothing of the host when the path leads out of the image', async () => {
    const volume = made.volume('hostetc');
    const container = made.container('hostetc');
    expectOk(await islander(['create', '--name', container, '-v', `${volume}:/hostetc`, image, 'true']));
    // /hostetc resolves to the image's own /etc, which it does not have: the volume stays empty.
    expect(readdirSync(dataOf(volume))).toEqual([]);
    expect(existsSync(join(dataOf(volume), 'passwd'))).toBe(false);
  });
});
