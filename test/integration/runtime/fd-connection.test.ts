import {describe, expect, it} from 'vitest';
import {reapChild, spawnWithSocket} from '../../../src/process/spawn-socket.js';
import {FdConnection} from '../../../src/runtime/fd-connection.js';
import {until} from '../helpers.js';

/** What a connection delivers until its 'close', as text. */
function collect(connection: FdConnection): {sofar: () => string; all: Promise<string>} {
  let text = '';
  connection.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return {sofar: () => text, all: new Promise((resolve) => connection.once('close', () => resolve(text)))};
}

describe('FdConnection (the attach connection of `run`)', () => {
  it('delivers what the peer writes, sends our writes in order, and closes at the end of the stream', async () => {
    const child = spawnWithSocket('/bin/sh', ['-c', 'echo hello >&3; read a <&3; read b <&3; echo "got $a $b" >&3']);
    const connection = new FdConnection(child.fd);
    const received = collect(connection);
    connection.write(Buffer.from('one\n'));
    connection.write(Buffer.from('two\n'));
    expect(await received.all).toBe('hello\ngot one two\n');
    expect(connection.closed).toBe(true);
    expect(reapChild(child.pid)).toBe(0);
  });

  it('reads nothing while paused, and what waited once resumed', async () => {
    const child = spawnWithSocket('/bin/sh', ['-c', 'echo one >&3; read go <&3; echo two >&3']);
    const connection = new FdConnection(child.fd);
    const received = collect(connection);
    await until(() => received.sofar() === 'one\n', 10_000, 'the first line');
    connection.pause();
    connection.write(Buffer.from('go\n'));
    await new Promise((resolve) => setTimeout(resolve, 100)); // the child has written "two" by now
    const seenWhilePaused = received.sofar();
    connection.resume();
    expect(seenWhilePaused).toBe('one\n');
    expect(await received.all).toBe('one\ntwo\n');
    expect(reapChild(child.pid)).toBe(0);
  });

  it('closes at once on destroy with a read waiting, and the peer sees the end', async () => {
    const child = spawnWithSocket('/bin/sh', ['-c', 'cat <&3 >/dev/null']);
    const connection = new FdConnection(child.fd);
    const received = collect(connection);
    await new Promise((resolve) => setTimeout(resolve, 50)); // a read is waiting in the thread pool now
    connection.destroy();
    expect(await received.all).toBe('');
    expect(reapChild(child.pid)).toBe(0);
  });
});
