import {closeSync, mkdtempSync, read, readdirSync, readFileSync, readlinkSync, readSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {reapChild, shutdownSocket, spawnWithSocket} from '../../../src/process/spawn-socket.js';

/** Everything the child wrote on its fd 3 until it closed it. */
function readAll(fd: number): string {
  const chunks: Buffer[] = [];
  const chunk = Buffer.alloc(4096);
  for (let count = readSync(fd, chunk); count > 0; count = readSync(fd, chunk)) chunks.push(Buffer.from(chunk.subarray(0, count)));
  return Buffer.concat(chunks).toString();
}

/** Fds this test process holds without close-on-exec (a harness may pass some on): every child gets those. */
function inheritedByUs(): string[] {
  const O_CLOEXEC = 0o2000000;
  return readdirSync('/proc/self/fd').filter((fd) => {
    let info: string;
    try {
      info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
    } catch {
      return false; // the listing's own fd, closed by now
    }
    const flags = /^flags:\s*(\d+)$/m.exec(info)?.[1];
    return Number(fd) > 2 && flags !== undefined && (parseInt(flags, 8) & O_CLOEXEC) === 0;
  });
}

function shell(script: string): {pid: number; fd: number} {
  return spawnWithSocket('/bin/sh', ['-c', script]);
}

describe('spawnWithSocket (runtime-c/node/spawn_addon.c)', () => {
  it('gives the child one end of a socketpair as fd 3 and ours as a blocking fd', () => {
    const child = shell('read line <&3; echo "got $line" >&3');
    writeSync(child.fd, 'hello\n');
    expect(readAll(child.fd)).toBe('got hello\n');
    closeSync(child.fd);
    expect(reapChild(child.pid)).toBe(0);
  });

  describe('a sleeping child, seen from /proc', () => {
    let child: {pid: number; fd: number};
    beforeEach(() => {
      child = spawnWithSocket('/bin/sleep', ['30']);
    });
    afterEach(() => {
      process.kill(child.pid, 'SIGKILL');
      closeSync(child.fd);
      reapChild(child.pid);
    });

    it('has its stdio on /dev/null, fd 3 a socket, and no other fd of ours', () => {
      // Beyond 0-3, only what this process itself holds without close-on-exec (a harness may pass such fds on).
      const inherited = new Set(inheritedByUs().map((fd) => readlinkSync(`/proc/self/fd/${fd}`)));
      const fds = readdirSync(`/proc/${child.pid}/fd`).map((fd) => ({fd, target: readlinkSync(`/proc/${child.pid}/fd/${fd}`)}));
      expect(fds.filter(({fd}) => Number(fd) <= 3).map(({fd}) => fd).sort()).toEqual(['0', '1', '2', '3']);
      expect(fds.filter(({fd, target}) => Number(fd) > 3 && !inherited.has(target))).toEqual([]);
      for (const fd of ['0', '1', '2']) expect(readlinkSync(`/proc/${child.pid}/fd/${fd}`)).toBe('/dev/null');
      expect(readlinkSync(`/proc/${child.pid}/fd/3`)).toMatch(/^socket:/);
    });

    it('has the signals Node ignores (SIGPIPE) back at their default, and an empty mask', () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const mask = (name: string) => BigInt(`0x${new RegExp(`^${name}:\\s*(\\w+)$`, 'm').exec(status)![1]}`);
      expect((mask('SigIgn') >> 12n) & 1n).toBe(0n); // SIGPIPE is 13
      expect(mask('SigBlk')).toBe(0n);
    });
  });

  it('shutdownSocket ends a read of ours blocked in the thread pool, and the child sees the end too', async () => {
    const child = shell('cat <&3 >/dev/null');
    const pending = new Promise<number>((resolve, reject) => {
      read(child.fd, Buffer.alloc(16), 0, 16, null, (error, bytes) => (error ? reject(error) : resolve(bytes)));
    });
    shutdownSocket(child.fd);
    expect(await pending).toBe(0);
    expect(reapChild(child.pid)).toBe(0);
    closeSync(child.fd);
  });

  it('reaps with the exit code, or 128 + the signal', () => {
    const exited = shell('exit 7');
    closeSync(exited.fd);
    expect(reapChild(exited.pid)).toBe(7);
    const killed = shell('kill -9 $$');
    closeSync(killed.fd);
    expect(reapChild(killed.pid)).toBe(137);
  });

  it('throws errno errors as Node does', () => {
    expect(() => spawnWithSocket('/no/such/binary', [])).toThrow(expect.objectContaining({code: 'ENOENT', errno: 2}));
    const notExecutable = join(mkdtempSync(join(tmpdir(), 'spawn-socket-')), 'data');
    writeFileSync(notExecutable, 'data\n', {mode: 0o644});
    try {
      expect(() => spawnWithSocket(notExecutable, [])).toThrow(expect.objectContaining({code: 'EACCES'}));
    } finally {
      rmSync(dirname(notExecutable), {recursive: true});
    }
  });
});
