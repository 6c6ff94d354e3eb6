import {execFileSync} from 'node:child_process';
import {chmodSync, chownSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {islander} from '../helpers.js';
import {exitedContainer, islanderBinary, ok, runningContainer, Scratch, sh} from './cp-helpers.js';

const scratch = new Scratch();
afterAll(() => scratch.cleanup());

function hostTree(): string {
  const dir = scratch.dir('cp-src');
  mkdirSync(join(dir, 'tree', 'sub', 'deeper'), {recursive: true});
  writeFileSync(join(dir, 'tree', 'top.txt'), 'top\n');
  writeFileSync(join(dir, 'tree', 'sub', 'deeper', 'leaf.txt'), 'leaf\n');
  writeFileSync(join(dir, 'file.txt'), 'a file\n');
  return dir;
}

function listTree(dir: string): string[] {
  return (readdirSync(dir, {recursive: true}) as string[]).sort();
}

describe.each([
  {state: 'running', make: (prefix: string) => runningContainer(scratch, prefix)},
  {state: 'stopped', make: (prefix: string) => exitedContainer(scratch, prefix, 'mkdir -p /made-by-run && echo run > /made-by-run/x')},
])('islander cp with a $state container', ({state, make}) => {
  let container = '';
  let src = '';
  let out = '';

  beforeAll(async () => {
    container = await make(`cp-${state}`);
    src = hostTree();
    out = scratch.dir('cp-out');
  });

  it('copies a file in and back out', async () => {
    await ok(['cp', join(src, 'file.txt'), `${container}:/tmp/in.txt`]);
    await ok(['cp', `${container}:/tmp/in.txt`, join(out, 'back.txt')]);
    expect(readFileSync(join(out, 'back.txt'), 'utf8')).toBe('a file\n');
  });

  it('copies a file into an existing directory under its own name', async () => {
    await ok(['cp', join(src, 'file.txt'), `${container}:/tmp`]);
    await ok(['cp', `${container}:/tmp/file.txt`, out]);
    expect(readFileSync(join(out, 'file.txt'), 'utf8')).toBe('a file\n');
  });

  it('copies a directory in and back out, whole', async () => {
    await ok(['cp', join(src, 'tree'), `${container}:/srv/tree`]);
    await ok(['cp', `${container}:/srv/tree`, join(out, 'tree-back')]);
    expect(listTree(join(out, 'tree-back'))).toEqual(listTree(join(src, 'tree')));
    expect(readFileSync(join(out, 'tree-back', 'sub', 'deeper', 'leaf.txt'), 'utf8')).toBe('leaf\n');
  });

  it('copies a directory into an existing one, and only its contents with /.', async () => {
    await ok(['cp', join(src, 'tree'), `${container}:/var`]); // /var exists: lands in /var/tree
    const nested = scratch.dir('cp-nested');
    await ok(['cp', `${container}:/var/tree/.`, nested]);
    expect(listTree(nested)).toEqual(listTree(join(src, 'tree')));
  });

  it('reads what the container itself wrote', async () => {
    if (state === 'running') await sh(container, 'mkdir -p /made-by-run && echo run > /made-by-run/x');
    await ok(['cp', `${container}:/made-by-run/x`, join(out, 'x')]);
    expect(readFileSync(join(out, 'x'), 'utf8')).toBe('run\n');
  });

  it('takes a tar stream on stdin with - and gives one on stdout', async () => {
    const tar = execFileSync('tar', ['-c', '-C', src, 'tree']);
    const copied = await islanderBinary(['cp', '-', `${container}:/opt`], tar);
    expect(copied.exitCode, copied.stderr).toBe(0);
    const streamed = await islanderBinary(['cp', `${container}:/opt/tree`, '-']);
    expect(streamed.exitCode, streamed.stderr).toBe(0);
    const names = execFileSync('tar', ['-t'], {input: streamed.stdout}).toString().trim().split('\n').sort();
    expect(names).toEqual(['tree/', 'tree/sub/', 'tree/sub/deeper/', 'tree/sub/deeper/leaf.txt', 'tree/top.txt']);
  });

  it('gives files copied in to the container root, and keeps uid, gid and mode with -a', async () => {
    const file = join(src, 'owned.txt');
    writeFileSync(file, 'owned\n');
    chownSync(file, 1234, 5678);
    chmodSync(file, 0o751);
    await ok(['cp', file, `${container}:/tmp/plain.txt`]);
    await ok(['cp', '-a', file, `${container}:/tmp/archived.txt`]);
    const back = scratch.dir('cp-owner');
    await ok(['cp', '-a', `${container}:/tmp/archived.txt`, join(back, 'archived.txt')]);
    await ok(['cp', '-a', `${container}:/tmp/plain.txt`, join(back, 'plain.txt')]);
    const archived = statSync(join(back, 'archived.txt'));
    const plain = statSync(join(back, 'plain.txt'));
    expect([archived.uid, archived.gid, archived.mode & 0o7777]).toEqual([1234, 5678, 0o751]);
    expect([plain.uid, plain.gid, plain.mode & 0o7777]).toEqual([0, 0, 0o751]);
  });

  it('gives files copied out to the caller unless -a', async () => {
    await ok(['cp', '-a', join(src, 'owned.txt'), `${container}:/tmp/owned-out.txt`]);
    await ok(['cp', `${container}:/tmp/owned-out.txt`, join(out, 'owned-out.txt')]);
    const copied = statSync(join(out, 'owned-out.txt'));
    expect([copied.uid, copied.gid]).toEqual([process.getuid!(), process.getgid!()]);
  });

  it('refuses a missing source and a directory onto a file, changing nothing', async () => {
    const missing = await islander(['cp', `${container}:/no/such/file`, join(out, 'never')]);
    expect(missing.exitCode).toBe(125);
    expect(missing.stderr).toMatch(/no such file or directory/);
    expect(() => lstatSync(join(out, 'never'))).toThrow();
    const onto = await islander(['cp', join(src, 'tree'), `${container}:/tmp/in.txt`]);
    expect(onto.exitCode).toBe(125);
    expect(onto.stderr).toMatch(/cannot copy the directory/);
  });
});

describe('islander cp arguments', () => {
  it('needs exactly one container side', async () => {
    expect((await islander(['cp', '/etc/hostname', '/tmp/x'])).exitCode).toBe(125);
    expect((await islander(['cp', 'a:/x', 'b:/y'])).stderr).toMatch(/between containers/);
  });

  it('names the container it cannot find', async () => {
    const result = await islander(['cp', '/etc/hostname', 'no-such-isle-cp:/tmp']);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toMatch(/no such container 'no-such-isle-cp'/);
  });
});
