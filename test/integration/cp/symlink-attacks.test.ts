import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs';
import {basename, join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {islander} from '../helpers.js';
import {exitedContainer, islanderBinary, ok, runningContainer, Scratch, sh} from './cp-helpers.js';

/**
 * Named regression tests, one per attack: the hostile content is built inside the container by the test, and
 * every test checks the host side it aimed at. Paths inside a container resolve inside it (isle-cp's
 * RESOLVE_IN_ROOT), and a final symlink is copied as a link, never followed.
 */
const scratch = new Scratch();
let marker = '';   // a host directory that exists only on the host
let secret = '';   // a file in it
let shadowHash = '';

function sha(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

function markerUntouched(): void {
  expect(readdirSync(marker)).toEqual(['secret']);
  expect(readFileSync(secret, 'utf8')).toBe('HOST SECRET\n');
  expect(sha('/etc/shadow')).toBe(shadowHash);
}

/** The hostile tree: links to / and to .. chains, a symlinked parent dir, links naming the host marker. */
const HOSTILE = (hostMarker: string) => [
  'echo container-shadow > /etc/shadow',
  'ln -s / /escape',
  'ln -s ../../../../../../../.. /tmp/dotdot',
  `mkdir -p /data && ln -s ${hostMarker} /data/to-marker`,
  'ln -s /tmp /linked-parent',
  `ln -s ${hostMarker}/secret /secret-link`,
].join(' && ');

beforeAll(() => {
  marker = scratch.dir('cp-marker');
  secret = join(marker, 'secret');
  writeFileSync(secret, 'HOST SECRET\n');
  shadowHash = sha('/etc/shadow');
});
afterAll(async () => {
  markerUntouched();
  await scratch.cleanup();
});

/** A running container gets the hostile tree through exec; a stopped one built it before it exited. */
async function hostileContainer(state: string): Promise<string> {
  if (state === 'stopped') return exitedContainer(scratch, 'cp-attack-stop', HOSTILE(marker));
  const name = await runningContainer(scratch, 'cp-attack-run');
  await sh(name, HOSTILE(marker));
  return name;
}

describe.each(['running', 'stopped'])('symlink attacks on a %s container', (state) => {
  let c = '';
  let out = '';

  beforeAll(async () => {
    c = await hostileContainer(state);
    out = scratch.dir('cp-attack-out');
  });

  it("cp c:/escape/etc/shadow reads the container's shadow, not the host's", async () => {
    await ok(['cp', `${c}:/escape/etc/shadow`, join(out, 'shadow')]);
    expect(readFileSync(join(out, 'shadow'), 'utf8')).toBe('container-shadow\n');
  });

  it('cp c:/escape/<host dir>/secret finds nothing: / is the container\'s', async () => {
    const result = await islander(['cp', `${c}:/escape${secret}`, join(out, 'stolen')]);
    expect(result.exitCode).toBe(125);
    expect(existsSync(join(out, 'stolen'))).toBe(false);
  });

  it('a symlink to a .. chain stops at the container root', async () => {
    const result = await islander(['cp', `${c}:/tmp/dotdot${secret}`, join(out, 'stolen-dotdot')]);
    expect(result.exitCode).toBe(125);
    expect(existsSync(join(out, 'stolen-dotdot'))).toBe(false);
    await ok(['cp', `${c}:/tmp/dotdot/etc/shadow`, join(out, 'shadow-dotdot')]);
    expect(readFileSync(join(out, 'shadow-dotdot'), 'utf8')).toBe('container-shadow\n');
  });

  it('a final symlink is copied out as a link, never followed', async () => {
    await ok(['cp', `${c}:/secret-link`, join(out, 'link-copy')]);
    expect(lstatSync(join(out, 'link-copy')).isSymbolicLink()).toBe(true);
    await ok(['cp', `${c}:/escape`, join(out, 'escape-copy')]);
    expect(lstatSync(join(out, 'escape-copy')).isSymbolicLink()).toBe(true);
  });

  it("cp hostfile c:/escape/tmp/x writes the container's /tmp, not the host's", async () => {
    const name = `islander-cp-escape-${basename(out)}`;
    await ok(['cp', secret, `${c}:/escape/tmp/${name}`]);
    expect(existsSync(join('/tmp', name))).toBe(false);
    const back = await islander(['cp', `${c}:/tmp/${name}`, join(out, name)]);
    expect(back.exitCode, back.stderr).toBe(0);
  });

  it('a symlinked parent dir resolves inside the container', async () => {
    await ok(['cp', secret, `${c}:/linked-parent/via-link`]);
    await ok(['cp', `${c}:/tmp/via-link`, join(out, 'via-link')]);
    expect(readFileSync(join(out, 'via-link'), 'utf8')).toBe('HOST SECRET\n');
    // /data/to-marker names the host's marker dir, which does not exist in the container: nothing is written.
    const result = await islander(['cp', secret, `${c}:/data/to-marker/planted`]);
    expect(result.exitCode).toBe(125);
    expect(existsSync(join(marker, 'planted'))).toBe(false);
  });

  it('a .. chain as the destination parent writes inside the container', async () => {
    const name = `islander-cp-dotdot-${basename(out)}`;
    await ok(['cp', secret, `${c}:/tmp/dotdot/tmp/${name}`]);
    expect(existsSync(join('/tmp', name))).toBe(false);
    expect((await islander(['cp', `${c}:/tmp/${name}`, join(out, name)])).exitCode).toBe(0);
    // The host's marker dir does not exist in the container, so there is nowhere to write.
    const planted = await islander(['cp', secret, `${c}:/tmp/dotdot${marker}/planted`]);
    expect(planted.exitCode).toBe(125);
    markerUntouched();
  });

  it('a hostile tar stream (a symlink, then a file through it) stays inside the container', async () => {
    const staging = scratch.dir('cp-hostile-tar');
    mkdirSync(join(staging, 'first'));
    symlinkSync(marker, join(staging, 'first', 'link'));
    mkdirSync(join(staging, 'second', 'link'), {recursive: true});
    writeFileSync(join(staging, 'second', 'link', 'planted'), 'planted\n');
    const tar = execFileSync('tar', ['-c', '-C', join(staging, 'first'), 'link', '-C', join(staging, 'second'), 'link/planted']);
    const result = await islanderBinary(['cp', '-', `${c}:/tmp`], tar);
    // The link resolves inside the container, where the marker path does not exist: the entry fails, by name.
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toMatch(/entry 'link\/planted'/);
    expect(existsSync(join(marker, 'planted'))).toBe(false);
    markerUntouched();
  });
});
