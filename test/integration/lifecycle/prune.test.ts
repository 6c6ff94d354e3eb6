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
describe('islander container prune', () => {
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
    expect((await cli(['run', '--name', 'exited', 'alpine-stress', 'sh', '-c', 'head -c 200000 /dev/zero > /filler'])).exitCode).toBe(0);
    expect((await cli(['create', '--name', 'created', 'alpine-stress', 'true'])).exitCode).toBe(0);
    expect((await cli(['run', '-d', '--name', 'running', 'alpine-stress', 'sleep', '60'])).exitCode).toBe(0);
    const ids = Object.fromEntries(await Promise.all(['exited', 'created', 'running'].map(async (name) =>
      [name, (await cli(['inspect', '-f', '{{.Id}}', name])).stdout.trim()] as const)));

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
