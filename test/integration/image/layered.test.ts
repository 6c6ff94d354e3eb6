import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {gunzipSync} from 'node:zlib';
import {exportLayerBlob} from '../../../src/image/index.js';
import {storePaths} from '../../../src/paths.js';
import {islander, safeName, type CliResult} from '../helpers.js';
import {buildTar} from './tar-builder.js';
import {baseLayer, compress, configJson, dockerArchive, middleLayer, ociArchive, sha256, topLayer} from './image-archive.js';

/**
 * The layered store end to end, through the CLI: a three-layer `docker save` archive with a whiteout and an
 * opaque directory, and an OCI layout sharing its base layer; both run and show the right files and config.
 * Each block uses its own store, so disk checks see only what the test put there.
 */
let base: string;
let root: string;
const layers = {base: baseLayer(), middle: middleLayer(), top: topLayer()};
const diffIds = {base: sha256(layers.base), middle: sha256(layers.middle), top: sha256(layers.top)};
const dockerConfig = {
  Env: ['PATH=/bin', 'FOO=bar baz'], Entrypoint: ['/bin/sh', '-c'], Cmd: ['echo cmd-default $FOO'],
  WorkingDir: '/work', User: 'app', ExposedPorts: {'8080/tcp': {}}, Labels: {team: 'islands'},
};
const ociConfig = {Env: ['PATH=/bin'], Cmd: ['/bin/sh'], User: '1234:99', WorkingDir: '/data'};
const dockerSpec = {layers: [layers.base, layers.middle, layers.top], config: dockerConfig};
const ociSpec = {layers: [layers.base, layers.top], config: ociConfig};
const dockerId = sha256(configJson(dockerSpec));
const ociId = sha256(configJson(ociSpec));
const containers: string[] = [];

const cli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> => islander(args, {root, env});

async function ok(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const result = await cli(args, env);
  expect(result.stderr, `islander ${args.join(' ')}`).toBe('');
  expect(result.exitCode, `islander ${args.join(' ')}: ${result.stderr}`).toBe(0);
  return result.stdout;
}

const VIEW = 'echo data: $(ls -A /data); echo opq: $(ls -A /opq); test -e /gone.txt && echo gone-present; cat /top.txt';

beforeAll(() => {
  base = mkdtempSync('/tmp/islander-layered-');
  root = join(base, 'store');
  const docker = dockerArchive(dockerSpec, ['layered/docker:v1'], {compressions: ['tar', 'gzip', 'zstd']});
  writeFileSync(join(base, 'docker.tar.gz'), compress(docker, 'gzip'));
  writeFileSync(join(base, 'oci.tar.zst'), compress(ociArchive(ociSpec, 'layered/oci:v1', {compressions: ['gzip', 'tar']}), 'zstd'));
});

afterAll(async () => {
  if (containers.length > 0) await cli(['rm', '-f', ...containers]);
  rmSync(base, {recursive: true, force: true});
});

describe('image load and run', () => {
  it('loads a docker save archive (gzip outer; plain, gzip and zstd layers) under its names', async () => {
    expect(await ok(['load', '-i', join(base, 'docker.tar.gz')])).toBe('Loaded image: layered/docker:v1\n');
    const [image] = JSON.parse(await ok(['image', 'inspect', 'layered/docker:v1'])) as [{Id: string; Config: Record<string, unknown>; RootFS: {Layers: string[]}}];
    expect(image.Id).toBe(`sha256:${dockerId}`);
    expect(image.RootFS.Layers).toEqual([diffIds.base, diffIds.middle, diffIds.top].map((id) => `sha256:${id}`));
    expect(image.Config.ExposedPorts).toEqual({'8080/tcp': {}});
    expect(image.Config.Labels).toEqual({team: 'islands'});
  });

  it('shows the merged view: whiteouts delete, an opaque dir hides lower entries', async () => {
    const out = await ok(['run', '--rm', 'layered/docker:v1', VIEW]);
    expect(out).toBe('data: b c\nopq: new1\ntop\n');
  });

  it('honours Entrypoint, Cmd, Env, WorkingDir and User (resolved in the image\'s /etc/passwd and /etc/group)', async () => {
    expect(await ok(['run', '--rm', 'layered/docker:v1'])).toBe('cmd-default bar baz\n');
    const out = await ok(['run', '--rm', 'layered/docker:v1', 'id -u; id -g; id -G; pwd; echo "$FOO"']);
    expect(out).toBe('1234\n2345\n2345 777\n/work\nbar baz\n');
  });

  it('-u overrides the image user: numeric, and name:group', async () => {
    expect(await ok(['run', '--rm', '-u', '0', 'layered/docker:v1', 'id -u; id -g'])).toBe('0\n0\n');
    expect(await ok(['run', '--rm', '-u', 'app:extra', 'layered/docker:v1', 'id -u; id -g'])).toBe('1234\n777\n');
    const missing = await cli(['run', '--rm', '-u', 'nobody-here', 'layered/docker:v1', 'true']);
    expect(missing.exitCode).toBe(125);
    expect(missing.stderr).toMatch(/unable to find user nobody-here/);
  });

  it('looks users up in the merged view: an opaque /etc and a whited-out /etc/group hide the lower files', async () => {
    const etc = buildTar([
      {name: 'etc/', type: 'dir'}, {name: 'etc/.wh..wh..opq', body: ''},
      {name: 'etc/passwd', body: 'root:x:0:0::/:/bin/sh\napp:x:4321:4321::/:/bin/sh\n'},
      {name: 'etc/group', body: 'root:x:0:\nextra:x:888:app\n'},
    ]);
    const noGroup = buildTar([{name: 'etc/', type: 'dir'}, {name: 'etc/.wh.group', body: ''}]);
    writeFileSync(join(base, 'users.tar'), dockerArchive({layers: [layers.base, etc, noGroup], config: {Env: ['PATH=/bin']}}, ['layered/users:v1']));
    await ok(['load', '-i', join(base, 'users.tar')]);
    expect(await ok(['run', '--rm', '-u', 'app', 'layered/users:v1', 'sh', '-c', 'id -u; id -g'])).toBe('4321\n4321\n');
    const noSuchGroup = await cli(['run', '--rm', '-u', 'app:extra', 'layered/users:v1', 'true']);
    expect(noSuchGroup.stderr).toMatch(/unable to find group extra/);
    await ok(['rmi', 'layered/users:v1']);
  });

  it('loads an OCI layout archive (zstd outer) that shares the base layer, stored once', async () => {
    expect(await ok(['image', 'load', '-i', join(base, 'oci.tar.zst')])).toBe('Loaded image: layered/oci:v1\n');
    const out = await ok(['run', '--rm', 'layered/oci:v1', 'sh', '-c', 'id -u; id -g; pwd; echo data: $(ls -A /data); echo opq: $(ls -A /opq)']);
    // base + top only: data/a is whited out by top, data/c and the opaque opq/ belong to the middle layer.
    expect(out).toBe('1234\n99\n/data\ndata: b\nopq: old1 sub\n');
    const paths = storePaths(root);
    expect(readdirSync(join(paths.images, 'layers')).sort()).toEqual([diffIds.base, diffIds.middle, diffIds.top].sort());
    const kib = Number(execFileSync('du', ['-sk', join(paths.images, 'layers')], {encoding: 'utf8'}).split('\t')[0]);
    const busyboxKib = readFileSync('/bin/busybox').length / 1024;
    expect(kib).toBeGreaterThan(busyboxKib);
    expect(kib).toBeLessThan(busyboxKib * 1.5); // one copy of the base, not two
  });

  it('gives the same view with the copying driver (no overlayfs)', async () => {
    const vfs = {ISLANDER_STORAGE_DRIVER: 'vfs'};
    expect(await ok(['run', '--rm', 'layered/docker:v1', VIEW], vfs)).toBe('data: b c\nopq: new1\ntop\n');
    expect(await ok(['run', '--rm', 'layered/docker:v1', 'id -u; id -G; ls -ld /tmp | cut -c1-10'], vfs)).toBe('1234\n2345 777\ndrwxrwxrwt\n');
  });
});

describe('many layers', () => {
  it('mounts 60 layers through short links when the lowerdir option would not fit a page', async () => {
    const many = Array.from({length: 59}, (_, index) => buildTar([{name: `layer-${index}`, body: `${index}\n`}]));
    const archive = dockerArchive({layers: [layers.base, ...many], config: {Env: ['PATH=/bin']}}, ['layered/many:v1']);
    writeFileSync(join(base, 'many.tar'), archive);
    await ok(['load', '-i', join(base, 'many.tar')]);
    expect(await ok(['run', '--rm', 'layered/many:v1', 'sh', '-c', 'cat /layer-0 /layer-58; ls / | grep -c layer-'])).toBe('0\n58\n59\n');
    const links = join(storePaths(root).images, 'l');
    expect(readdirSync(links)).toHaveLength(60);
    await ok(['rmi', 'layered/many:v1']);
    // Only the base layer, still the other images', keeps its link.
    expect(readdirSync(links)).toEqual([diffIds.base.slice(0, 16)]);
  });
});

describe('save, tag, history', () => {
  it('save → load into an empty store gives the same image ids (docker and OCI formats)', async () => {
    await ok(['tag', 'layered/docker:v1', 'layered/docker:retagged']);
    await ok(['image', 'save', '-o', join(base, 'saved.tar'), 'layered/docker:v1', 'layered/oci:v1']);
    await ok(['image', 'save', '--format', 'oci-archive', '-o', join(base, 'saved-oci.tar'), 'layered/docker:v1']);
    for (const [archive, expected] of [['saved.tar', 'Loaded image: layered/docker:v1\nLoaded image: layered/oci:v1\n'], ['saved-oci.tar', 'Loaded image: layered/docker:v1\n']] as const) {
      const fresh = join(base, `fresh-${archive}`);
      const loaded = await islander(['load', '-i', join(base, archive)], {root: fresh});
      expect(loaded.stdout).toBe(expected);
      const ids = await islander(['images', '-q'], {root: fresh});
      expect(ids.stdout.trim().split('\n').sort()).toEqual((archive === 'saved.tar' ? [dockerId, ociId] : [dockerId]).map((id) => id.slice(0, 12)).sort());
      const view = await islander(['run', '--rm', 'layered/docker:v1', VIEW], {root: fresh});
      expect(view.stdout).toBe('data: b c\nopq: new1\ntop\n');
      rmSync(fresh, {recursive: true, force: true});
    }
    const listed = execFileSync('tar', ['-tf', join(base, 'saved.tar')], {encoding: 'utf8'});
    expect(listed).toMatch(/^manifest\.json$/m);
    expect(listed).toMatch(/^oci-layout$/m);
  });

  it('exports a layer stored as plain or zstd as gzip once, holding the same tar', async () => {
    const paths = storePaths(root);
    for (const diffId of [diffIds.base, diffIds.top]) {
      const exported = await exportLayerBlob(paths, diffId);
      expect(exported.mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
      expect(sha256(gunzipSync(readFileSync(exported.path)))).toBe(diffId);
      expect(exported.digest).toBe(`sha256:${sha256(readFileSync(exported.path))}`);
      expect((await exportLayerBlob(paths, diffId)).path).toBe(exported.path);
    }
  });

  it('tag adds a name; history lists the steps newest first with layer sizes', async () => {
    const names = await ok(['images', '--format', 'json']);
    expect(names).toContain('layered/docker');
    const history = JSON.parse(await ok(['history', '--format', 'json', 'layered/docker:retagged'])) as Array<{id: string; createdBy: string; size: number}>;
    expect(history.map((row) => row.createdBy)).toEqual(['/bin/sh -c step 2', '/bin/sh -c step 1', '/bin/sh -c step 0']);
    expect(history[0]!.id).toBe(dockerId);
    expect(history[2]!.size).toBeGreaterThan(1_000_000);
  });
});

describe('garbage collection', () => {
  it('keeps the layers of an image a container uses; rm -f only untags it', async () => {
    const name = safeName('gc');
    containers.push(name);
    await ok(['create', '--name', name, 'layered/oci:v1', 'true']);
    const refused = await cli(['rmi', 'layered/oci:v1']);
    expect(refused.exitCode).toBe(125);
    expect(refused.stderr).toMatch(/in use by container/);
    expect(await ok(['rmi', '-f', 'layered/oci:v1'])).toBe('Untagged: layered/oci:v1\n');
    expect(existsSync(join(storePaths(root).images, ociId, 'image.json'))).toBe(true);
    await ok(['rm', name]);
  });

  it('prune removes dangling images; removing the last image frees its layers and blobs', async () => {
    const paths = storePaths(root);
    const pruned = await ok(['image', 'prune']);
    expect(pruned).toContain(`deleted: sha256:${ociId}`);
    // The base and top layers are still the docker image's.
    expect(readdirSync(join(paths.images, 'layers')).sort()).toEqual([diffIds.base, diffIds.middle, diffIds.top].sort());
    await ok(['rmi', 'layered/docker:retagged']);
    await ok(['rmi', 'layered/docker:v1']);
    expect(readdirSync(join(paths.images, 'layers'))).toEqual([]);
    expect(readdirSync(join(paths.images, 'blobs', 'sha256')).filter((name) => !name.startsWith('.'))).toEqual([]);
  });
});

describe('migration', () => {
  it('runs an image imported before the layered store (<images>/<id>/rootfs) and converts it', async () => {
    const legacyRoot = join(base, 'legacy');
    const paths = storePaths(legacyRoot);
    const id = diffIds.base;
    const dir = join(paths.images, id);
    mkdirSync(join(dir, 'rootfs'), {recursive: true});
    execFileSync(join(import.meta.dirname, '../../../runtime-c/build/isle-unpack'), ['--dest', join(dir, 'rootfs')], {input: layers.base});
    writeFileSync(join(dir, 'image.json'), JSON.stringify({id, created: '2026-01-01T00:00:00Z', size: 1, source: '/old.tar',
      architecture: 'amd64', os: 'linux', config: {Env: ['PATH=/bin'], Cmd: [], Entrypoint: [], WorkingDir: '/', User: ''}}));
    writeFileSync(join(paths.images, 'repositories.json'), JSON.stringify({'old:latest': id}));
    const out = await islander(['run', '--rm', 'old', 'cat', '/data/a'], {root: legacyRoot});
    expect(out.stdout).toBe('a\n');
    expect(existsSync(join(dir, 'rootfs'))).toBe(false);
    expect(existsSync(join(paths.images, 'layers', id, 'root', 'bin', 'busybox'))).toBe(true);
    expect((JSON.parse(readFileSync(join(dir, 'image.json'), 'utf8')) as {layers: string[]}).layers).toEqual([id]);
    rmSync(legacyRoot, {recursive: true, force: true});
  });
});
