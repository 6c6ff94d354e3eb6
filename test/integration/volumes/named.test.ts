import {existsSync, readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {islander, testRoot} from '../helpers.js';
import {expectOk, Made, mountsOf, runSh} from './volume-helpers.js';

const made = new Made();
afterEach(() => made.cleanup());

describe('named volumes', () => {
  it('keep data after the container is removed, for the next one', async () => {
    const volume = made.volume('keep');
    const first = made.container('writer');
    expectOk(await islander(['run', '--name', first, '-v', `${volume}:/data`, 'alpine-stress', 'sh', '-c', 'echo kept > /data/file']));
    expectOk(await islander(['rm', first]));
    const read = expectOk(await runSh(['-v', `${volume}:/data`], 'cat /data/file'));
    expect(read.stdout).toBe('kept\n');
    expect(readFileSync(join(testRoot(), 'volumes', volume, '_data', 'file'), 'utf8')).toBe('kept\n');
  });

  it('refuse writes when mounted :ro (EROFS), and are unchanged', async () => {
    const volume = made.volume('ro');
    expectOk(await runSh(['-v', `${volume}:/data`], 'echo before > /data/f'));
    const write = await runSh(['-v', `${volume}:/data:ro`], 'cat /data/f; echo after > /data/f');
    expect(write.exitCode).not.toBe(0);
    expect(write.stdout).toBe('before\n');
    expect(write.stderr).toMatch(/Read-only file system/);
    expect((await runSh(['--mount', `src=${volume},dst=/data,readonly`], 'touch /data/g')).stderr).toMatch(/Read-only file system/);
    expect(readFileSync(join(testRoot(), 'volumes', volume, '_data', 'f'), 'utf8')).toBe('before\n');
  });

  it('are pre-filled from the image the first time, and not again', async () => {
    const volume = made.volume('etc');
    const first = expectOk(await runSh(['-v', `${volume}:/etc`], 'cat /etc/os-release >/dev/null && ls /etc/passwd && rm /etc/passwd'));
    expect(first.stdout).toBe('/etc/passwd\n');
    const data = join(testRoot(), 'volumes', volume, '_data');
    expect(existsSync(join(data, 'os-release'))).toBe(true);
    // The volume is no longer empty: the image's /etc/passwd is not copied back.
    expect((await runSh(['-v', `${volume}:/etc`], 'ls /etc/passwd')).exitCode).not.toBe(0);
    const nocopy = made.volume('nocopy');
    expectOk(await runSh(['-v', `${nocopy}:/etc:nocopy`], 'true'));
    expect(existsSync(join(testRoot(), 'volumes', nocopy, '_data', 'os-release'))).toBe(false);
  });

  it('are pre-filled from the merged view of a layered image (whiteouts applied), nothing left mounted', async () => {
    const base = made.container('layer');
    const image = `${base}-image`;
    try {
      expectOk(await islander(['run', '--name', base, 'alpine-stress', 'sh', '-c', 'mkdir -p /data/sub && echo kept > /data/sub/f && echo gone > /data/gone']));
      expect((await islander(['commit', base, image])).exitCode).toBe(0);
      const second = made.container('layer2');
      expectOk(await islander(['run', '--name', second, image, 'rm', '/data/gone']));
      expect((await islander(['commit', second, `${image}:2`])).exitCode).toBe(0);
      const volume = made.volume('layered');
      // alpine-stress has no /data: the volume stays empty, so the layered image's run fills it.
      expect(expectOk(await runSh(['-v', `${volume}:/data`], 'find /data')).stdout).toBe('/data\n');
      const seen = expectOk(await islander(['run', '--rm', '-v', `${volume}:/data`, `${image}:2`, 'find', '/data']));
      expect(seen.stdout.split('\n').filter(Boolean).sort()).toEqual(['/data', '/data/sub', '/data/sub/f']);
      const tmp = join(testRoot(), 'tmp');
      expect(existsSync(tmp) ? readdirSync(tmp).filter((name) => name.startsWith('prefill-view-')) : []).toEqual([]);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain('prefill-view-');
    } finally {
      await made.cleanup();
      await islander(['rmi', '-f', `${image}:2`, image]);
    }
  });

  it('are listed, inspected and removed; one in use is refused, even with -f', async () => {
    const volume = made.volume('life');
    expectOk(await islander(['volume', 'create', volume]));
    expectOk(await islander(['volume', 'create', volume])); // idempotent, as Docker
    expect((await islander(['volume', 'ls', '-q'])).stdout.split('\n')).toContain(volume);
    const [record] = JSON.parse(expectOk(await islander(['volume', 'inspect', volume])).stdout) as Array<Record<string, unknown>>;
    expect(record).toMatchObject({Name: volume, Driver: 'local', Scope: 'local', Mountpoint: join(testRoot(), 'volumes', volume, '_data')});
    const listed = JSON.parse(expectOk(await islander(['volume', 'ls', '--format', 'json'])).stdout) as Array<{Name: string}>;
    expect(listed.map((v) => v.Name)).toContain(volume);

    const user = made.container('user');
    expectOk(await islander(['create', '--name', user, '-v', `${volume}:/v`, 'alpine-stress', 'true']));
    for (const flags of [[], ['-f']]) {
      const refused = await islander(['volume', 'rm', ...flags, volume]);
      expect(refused.exitCode).toBe(125);
      expect(refused.stderr).toBe(`islander: volume '${volume}' is in use by container ${user}; remove it first with 'islander rm ${user}'\n`);
    }
    expect(await mountsOf(user)).toEqual([{
      Type: 'volume', Name: volume, Source: join(testRoot(), 'volumes', volume, '_data'), Destination: '/v', Driver: 'local', Mode: '', RW: true, Propagation: '',
    }]);
    expectOk(await islander(['rm', user]));
    expect(expectOk(await islander(['volume', 'rm', volume])).stdout).toBe(`${volume}\n`);
    expect(existsSync(join(testRoot(), 'volumes', volume))).toBe(false);
    expect((await islander(['volume', 'rm', volume])).exitCode).toBe(125);
    expectOk(await islander(['volume', 'rm', '-f', volume]));
    expect((await islander(['volume', 'inspect', volume])).exitCode).toBe(125);
  });

  it('cannot be removed between their creation and the record of the container that names them', async () => {
    for (let round = 0; round < 4; round++) {
      const volume = made.volume('race');
      const container = made.container('race');
      const [created] = await Promise.all([
        islander(['create', '--name', container, '-v', `${volume}:/v`, 'alpine-stress', 'true']),
        islander(['volume', 'rm', volume]),
        islander(['volume', 'prune']),
      ]);
      expectOk(created);
      // Whatever the order, the container's volume exists.
      expectOk(await islander(['volume', 'inspect', volume]));
      expectOk(await islander(['rm', container]));
    }
  });

  it('are pruned when no container uses them', async () => {
    const unused = made.volume('unused');
    const used = made.volume('used');
    expectOk(await islander(['volume', 'create', unused]));
    const user = made.container('pruneuser');
    expectOk(await islander(['create', '--name', user, '-v', `${used}:/v`, 'alpine-stress', 'true']));
    const pruned = expectOk(await islander(['volume', 'prune', '-f']));
    expect(pruned.stdout).toContain(`${unused}\n`);
    expect(pruned.stdout).not.toContain(used);
    expect(pruned.stdout).toMatch(/Total reclaimed space: /);
    const names = (await islander(['volume', 'ls', '-q'])).stdout.split('\n');
    expect(names).toContain(used);
    expect(names).not.toContain(unused);
  });

  it('refuses bad names and options before creating anything', async () => {
    const container = made.container('badvol');
    for (const flags of [['-v', 'x:/data'], ['-v', 'ok-name:relative'], ['-v', 'ok-name:/d:bogus'], ['--mount', 'type=volume,dst=/d']]) {
      const result = await islander(['run', '--name', container, ...flags, 'alpine-stress', 'true']);
      expect(result.exitCode).toBe(125);
      expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
    expect((await islander(['inspect', container])).exitCode).toBe(125);
    expect(existsSync(join(testRoot(), 'volumes', 'ok-name'))).toBe(false);
    const badDriver = await islander(['volume', 'create', '--driver', 'nfs', 'whatever']);
    expect(badDriver.stderr).toMatch(/unknown volume driver 'nfs'/);
  });
});
