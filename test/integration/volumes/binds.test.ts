import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {islander, waitForRunning} from '../helpers.js';
import {expectOk, Made, mountsOf, runSh} from './volume-helpers.js';

const made = new Made();
let host: string;
const hostMounts: string[] = [];

beforeEach(() => {
  host = mkdtempSync(join(tmpdir(), 'islander-bind-'));
});

afterEach(async () => {
  await made.cleanup();
  for (const mount of hostMounts.reverse()) execFileSync('umount', ['-l', mount]);
  hostMounts.length = 0;
  rmSync(host, {recursive: true, force: true});
});

describe('bind mounts', () => {
  it('share a host directory both ways', async () => {
    writeFileSync(join(host, 'from-host'), 'host\n');
    const result = expectOk(await runSh(['-v', `${host}:/shared`], 'cat /shared/from-host; echo container > /shared/from-container'));
    expect(result.stdout).toBe('host\n');
    expect(readFileSync(join(host, 'from-container'), 'utf8')).toBe('container\n');
  });

  it('refuse writes when read-only, with -v :ro and --mount readonly', async () => {
    for (const flags of [['-v', `${host}:/shared:ro`], ['--mount', `type=bind,src=${host},dst=/shared,readonly`]]) {
      const result = await runSh(flags, 'touch /shared/nope');
      expect(result.exitCode).not.toBe(0);
      expect(result.stderr).toMatch(/Read-only file system/);
    }
    expect(existsSync(join(host, 'nope'))).toBe(false);
  });

  it('read-only reaches the mounts below the bind source (recursively read-only, as Docker 25+)', async () => {
    const below = join(host, 'below');
    mkdirSync(below);
    execFileSync('mount', ['-t', 'tmpfs', 'islander-test', below]);
    hostMounts.push(below);
    const result = await runSh(['-v', `${host}:/shared:ro`], 'grep " /shared/below " /proc/mounts; touch /shared/below/nope');
    expect(result.stdout).toMatch(/^islander-test \/shared\/below tmpfs ro,/);
    expect(result.stderr).toMatch(/Read-only file system/);
    expectOk(await runSh(['-v', `${host}:/shared`], 'touch /shared/below/yes'));
    expect(existsSync(join(below, 'nope'))).toBe(false);
    expect(existsSync(join(below, 'yes'))).toBe(true);
  });

  it('-v creates a missing host directory; --mount refuses it before creating anything', async () => {
    const missing = join(host, 'made', 'by-v');
    expectOk(await runSh(['-v', `${missing}:/m`], 'touch /m/x'));
    expect(existsSync(join(missing, 'x'))).toBe(true);
    const container = made.container('nosrc');
    const refused = await islander(['run', '--name', container, '--mount', `type=bind,src=${host}/absent,dst=/m`, 'alpine-stress', 'true']);
    expect(refused.exitCode).toBe(125);
    expect(refused.stderr).toBe(`islander: bind source path '${host}/absent' does not exist; create it first, or use -v, which creates a missing directory\n`);
    expect((await islander(['inspect', container])).exitCode).toBe(125);
  });

  it('are rprivate by default and show in inspect as Docker shows them', async () => {
    const container = made.container('inspect');
    expectOk(await islander(['create', '--name', container, '-v', `${host}:/a:ro`, '--mount', `type=bind,src=${host},dst=/b,bind-propagation=rslave`, 'alpine-stress', 'true']));
    expect(await mountsOf(container)).toEqual([
      {Type: 'bind', Source: host, Destination: '/a', Mode: 'ro', RW: false, Propagation: 'rprivate'},
      {Type: 'bind', Source: host, Destination: '/b', Mode: '', RW: true, Propagation: 'rslave'},
    ]);
  });

  it(':rslave receives mounts made on the host after the start', async () => {
    // The bind source must be a shared mount for anything to propagate: a tmpfs of the test's own, made shared.
    const source = join(host, 'shared');
    mkdirSync(source);
    execFileSync('mount', ['-t', 'tmpfs', 'islander-test', source]);
    hostMounts.push(source);
    execFileSync('mount', ['--make-shared', source]);
    const container = made.container('rslave');
    const script = 'touch /h/started; for i in $(seq 1 200); do [ -e /h/sub/marker ] && exit 0; sleep 0.05; done; exit 3';
    expectOk(await islander(['run', '-d', '--name', container, '-v', `${source}:/h:rslave`, 'alpine-stress', 'sh', '-c', script]));
    await waitForRunning(container);
    while (!existsSync(join(source, 'started'))) await new Promise((resolve) => setTimeout(resolve, 20));
    mkdirSync(join(source, 'sub'));
    execFileSync('mount', ['-t', 'tmpfs', 'islander-test-sub', join(source, 'sub')]);
    hostMounts.push(join(source, 'sub'));
    writeFileSync(join(source, 'sub', 'marker'), '');
    expect((await islander(['wait', container])).stdout).toBe('0\n');
  });
});
