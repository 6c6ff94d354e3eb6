import {existsSync, mkdtempSync, readdirSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {importImage} from '../../../src/image/index.js';
import {storePaths} from '../../../src/paths.js';
import {removeTree} from '../../../src/util/remove-tree.js';
import {TEST_IMAGE_TARBALL} from '../global-setup.js';
import {islander} from '../helpers.js';

/** `container prune` removes every stopped container of its store: a store of this file's own, so no other test's go. */
describe('islander container prune, and ps filters over the same store', () => {
  const root = mkdtempSync(join(tmpdir(), 'islander-prune-'));
  const cli = (args: string[]) => islander(args, {root});

  beforeAll(async () => {
    await importImage(storePaths(root), TEST_IMAGE_TARBALL, 'alpine-stress', {progress: false});
  });
  afterAll(async () => {
    const left = (await cli(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
    if (left.length > 0) await cli(['rm', '-f', ...left]);
    removeTree(root);
  });

  it('removes the exited and created ones with their files, keeps the running one, and says what it freed', async () => {
    expect((await cli(['run', '--name', 'exited', '-l', 'role=worker', 'alpine-stress', 'sh', '-c', 'head -c 200000 /dev/zero > /filler'])).exitCode).toBe(0);
    expect((await cli(['create', '--name', 'created', 'alpine-stress', 'true'])).exitCode).toBe(0);
    expect((await cli(['run', '-d', '--name', 'running', 'alpine-stress', 'sleep', '60'])).exitCode).toBe(0);
    const ids = Object.fromEntries(await Promise.all(['exited', 'created', 'running'].map(async (name) =>
      [name, (await cli(['inspect', '-f', '{{.Id}}', name])).stdout.trim()] as const)));

    // ps filters and -n/-l over the same store (Docker's: status shows stopped ones without -a).
    const ps = async (args: string[]) => (await cli(['ps', ...args])).stdout.trim().split('\n').filter(Boolean);
    expect(await ps(['--format', '{{.Names}}', '--filter', 'status=exited', '--filter', 'status=created'])).toEqual(['created', 'exited']);
    expect(await ps(['-q', '--no-trunc', '--filter', 'name=^run'])).toEqual([ids.running]);
    expect(await ps(['-a', '--format', '{{.Names}}', '-f', 'label=role=worker'])).toEqual(['exited']);
    expect(await ps(['-l', '--format', '{{.Names}}'])).toEqual(['running']);
    expect(await ps(['-n', '2', '--format', '{{.Names}}'])).toEqual(['running', 'created']);

    // info counts the same store, under docker info's field names.
    expect((await cli(['info', '--format', '{{.Containers}} {{.ContainersRunning}} {{.ContainersStopped}} {{.Images}} {{.DockerRootDir}}'])).stdout)
      .toBe(`3 1 2 1 ${root}\n`);

    const pruned = await cli(['container', 'prune', '-f']);
    expect(pruned.exitCode).toBe(0);
    const [title, ...rest] = pruned.stdout.trimEnd().split('\n');
    expect(title).toBe('Deleted Containers:');
    expect(rest.slice(0, 2).sort()).toEqual([ids.exited, ids.created].sort());
    expect(rest.at(-1)).toMatch(/^Total reclaimed space: 2\d\dkB$/);
    expect((await cli(['ps', '-a', '--format', '{{.Names}}'])).stdout).toBe('running\n');
    expect(readdirSync(join(root, 'containers')).filter((entry) => !entry.startsWith('.'))).toEqual([ids.running]);
    expect(existsSync(join(root, 'containers', ids.exited!))).toBe(false);

    expect((await cli(['container', 'prune'])).stdout).toBe('Total reclaimed space: 0B\n');
  });
});
