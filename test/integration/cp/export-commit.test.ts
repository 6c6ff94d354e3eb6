import {execFileSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {islander, safeName} from '../helpers.js';
import {exitedContainer, islanderBinary, ok, runningContainer, Scratch, sh} from './cp-helpers.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

function imageName(prefix: string): string {
  const name = `${safeName(prefix)}:test`;
  scratch.images.push(name);
  return name;
}

/** Runs IMAGE with the command and returns its stdout (the container is removed afterwards). */
async function runIn(image: string, ...command: string[]): Promise<string> {
  const name = scratch.name('cp-check');
  return (await ok(['run', '--name', name, image, ...command])).stdout;
}

const CHANGES = 'echo created > /created.txt && rm /etc/os-release && mkdir -p /srv/made && echo deep > /srv/made/deep.txt';
const CHECK = 'cat /created.txt /srv/made/deep.txt; test -e /etc/os-release && echo os-release-present || echo os-release-gone';

describe('islander export', () => {
  it('export → image import → run shows the same files', async () => {
    const container = await exitedContainer(scratch, 'export', CHANGES);
    const file = join(scratch.dir('export'), 'fs.tar');
    await ok(['export', '-o', file, container]);
    const image = imageName('exported');
    await ok(['image', 'import', file, image]);
    expect(await runIn(image, 'sh', '-c', CHECK)).toBe('created\ndeep\nos-release-gone\n');
  });

  it('exports a running container to stdout, its mount points empty', async () => {
    const container = await runningContainer(scratch, 'export-run');
    await sh(container, 'echo live > /live.txt');
    const result = await islanderBinary(['export', container]);
    expect(result.exitCode, result.stderr).toBe(0);
    const names = execFileSync('tar', ['-t'], {input: result.stdout, maxBuffer: 1 << 30}).toString().split('\n');
    expect(names).toContain('live.txt');
    expect(names).toContain('bin/busybox');
    expect(names).toContain('proc/');
    expect(names.filter((name) => name.startsWith('proc/') && name !== 'proc/')).toEqual([]);
  });
});

describe('islander commit', () => {
  it('a created file is in the committed image and a deleted one is absent (whiteout)', async () => {
    const container = await exitedContainer(scratch, 'commit', CHANGES);
    const image = imageName('committed');
    const committed = await ok(['commit', container, image]);
    expect(committed.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    expect(await runIn(image, 'sh', '-c', CHECK)).toBe('created\ndeep\nos-release-gone\n');
    // The base image is unchanged.
    expect(await runIn('alpine-stress', 'sh', '-c', 'test -e /etc/os-release && echo base-intact')).toBe('base-intact\n');
  });

  it('an emptied and re-made directory hides the image\'s contents (opaque)', async () => {
    const container = await exitedContainer(scratch, 'commit-opq', 'test -d /var/log && rm -rf /var && mkdir /var && echo only > /var/only');
    const image = imageName('opaque');
    await ok(['commit', container, image]);
    expect(await runIn(image, 'ls', '-A', '/var')).toBe('only\n');
  });

  it('a stopped container of a committed image (two layers) shows both to cp and export', async () => {
    const base = await exitedContainer(scratch, 'commit-base', CHANGES);
    const image = imageName('two-layers');
    await ok(['commit', '--no-pause', base, image]);
    const child = scratch.name('commit-child');
    await ok(['create', '--name', child, image, 'true']);
    const out = scratch.dir('commit-cp');
    await ok(['cp', `${child}:/created.txt`, join(out, 'created.txt')]);
    expect(readFileSync(join(out, 'created.txt'), 'utf8')).toBe('created\n');
    expect((await islander(['cp', `${child}:/etc/os-release`, join(out, 'os-release')])).exitCode).toBe(125);
    const exported = await islanderBinary(['export', child]);
    const names = execFileSync('tar', ['-t'], {input: exported.stdout, maxBuffer: 1 << 30}).toString().split('\n');
    expect(names).toContain('created.txt');
    expect(names).toContain('bin/busybox');
    expect(names).not.toContain('etc/os-release');
  });

  it("keeps the container's command, environment and working directory", async () => {
    const name = scratch.name('commit-config');
    await ok(['run', '--name', name, '-e', 'COMMITTED=yes', '-w', '/tmp', 'alpine-stress', 'sh', '-c', 'echo "$COMMITTED $PWD"']);
    const image = imageName('configured');
    await ok(['commit', name, image]);
    expect(await runIn(image)).toBe('yes /tmp\n');
  });

  it('commits a running container (paused meanwhile) and leaves it running', async () => {
    const container = await runningContainer(scratch, 'commit-run');
    await sh(container, 'echo running > /while-running.txt');
    const image = imageName('from-running');
    await ok(['commit', container, image]);
    expect(await runIn(image, 'cat', '/while-running.txt')).toBe('running\n');
    expect((await islander(['exec', container, 'true'])).exitCode).toBe(0);
  });
});

describe('islander diff', () => {
  it("lists the container's changes as docker diff does: A added, C changed (parents too), D deleted", async () => {
    const container = await exitedContainer(scratch, 'diff', 'mkdir -p /new/sub && echo x > /new/sub/file && rm /etc/os-release && touch /tmp/t');
    expect((await ok(['diff', container])).stdout).toBe([
      'A /new', 'A /new/sub', 'A /new/sub/file', 'C /etc', 'D /etc/os-release', 'C /tmp', 'A /tmp/t',
    ].sort((a, b) => a.slice(2).localeCompare(b.slice(2))).join('\n') + '\n');
    const fresh = scratch.name('diff-created');
    await ok(['create', '--name', fresh, 'alpine-stress', 'true']);
    expect((await ok(['container', 'diff', fresh])).stdout).toBe('');
  });
});
