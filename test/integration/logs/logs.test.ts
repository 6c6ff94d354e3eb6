import {spawn, type ChildProcess} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {processStartTime} from '../../../src/container/liveness.js';
import {cliPath, islander} from '../helpers.js';

/**
 * `islander logs` through the real CLI, on log files fabricated in the shim's format (notes/shim-contract.md) in
 * a private store, so each case states exactly which lines and files exist. Following is tested against a fake
 * "shim" (a sleep whose pid and start time go into shim.json): the follower must end when it dies.
 */
const root = mkdtempSync(join(tmpdir(), 'islander-logs-'));
const sleepers: ChildProcess[] = [];
afterAll(() => {
  for (const child of sleepers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  rmSync(root, {recursive: true, force: true});
});

interface Fixture {
  name: string;
  dir: string;
  runDir: string;
}

function container(): Fixture {
  const id = randomBytes(32).toString('hex');
  const name = `logs-${id.slice(0, 6)}`;
  const dir = join(root, 'containers', id);
  mkdirSync(join(root, 'containers', '.names'), {recursive: true});
  mkdirSync(dir, {recursive: true});
  const now = new Date().toISOString();
  writeFileSync(join(dir, 'container.json'), JSON.stringify({
    id, name, created: now, image: {id: '0'.repeat(64), name: 'fixture'}, path: 'sh', args: [],
    config: {image: 'fixture', entrypoint: [], cmd: ['sh'], env: [], workingDir: '/', user: '', hostname: 'x', tty: false, openStdin: false},
    hostConfig: {autoRemove: false, resources: {}, restartPolicy: {name: 'no', maximumRetryCount: 0}, init: false, logConfig: {maxSize: 0, maxFile: 1}},
    state: {status: 'exited', pid: 0, shimPid: 0, shimStartTime: 0, exitCode: 0, oomKilled: false, startedAt: now, finishedAt: now, restartCount: 0, error: ''},
  }));
  writeFileSync(join(root, 'containers', '.names', name), id);
  return {name, dir, runDir: join(root, 'run', 'containers', id)};
}

let clock = Date.parse('2026-01-02T15:04:05Z');
function line(log: string, stream: 'stdout' | 'stderr' = 'stdout', at = clock++): string {
  const time = new Date(at).toISOString().replace('Z', '123456Z');
  return `${JSON.stringify({log, stream, time})}\n`;
}

const logs = (args: string[]) => islander(['logs', ...args], {root});

describe('islander logs', () => {
  it('prints stdout entries to stdout and stderr entries to stderr, escapes decoded', async () => {
    const {name, dir} = container();
    writeFileSync(join(dir, 'container.log'),
      line('out 1\n') + line('err 1\n', 'stderr') + line('tab\tand "quotes" and ü\n') + line('no newline') + line('\n', 'stderr'));
    const result = await logs([name]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('out 1\ntab\tand "quotes" and ü\nno newline');
    expect(result.stderr).toBe('err 1\n\n');
  });

  it('reads rotated files oldest first, and --tail counts across them', async () => {
    const {name, dir} = container();
    writeFileSync(join(dir, 'container.log.2'), line('a1\n') + line('a2\n'));
    writeFileSync(join(dir, 'container.log.1'), line('b1\n') + line('b2\n', 'stderr'));
    writeFileSync(join(dir, 'container.log'), line('c1\n'));
    expect((await logs([name])).stdout).toBe('a1\na2\nb1\nc1\n');
    expect((await logs(['--tail', '2', name])).stdout).toBe('c1\n');
    expect((await logs(['--tail', '2', name])).stderr).toBe('b2\n');
    expect((await logs(['-n', '4', name])).stdout).toBe('a2\nb1\nc1\n');
    expect((await logs(['--tail', '0', name])).stdout).toBe('');
    expect((await logs(['--tail', 'all', name])).stdout).toBe('a1\na2\nb1\nc1\n');
  });

  it('filters with --since and --until (RFC 3339, Unix seconds) and prints timestamps with -t', async () => {
    const {name, dir} = container();
    const base = Date.parse('2030-05-05T10:00:00Z');
    writeFileSync(join(dir, 'container.log'),
      line('first\n', 'stdout', base) + line('second\n', 'stdout', base + 60_000) + line('third\n', 'stdout', base + 120_000));
    expect((await logs(['--since', '2030-05-05T10:01:00Z', name])).stdout).toBe('second\nthird\n');
    expect((await logs(['--until', '2030-05-05T10:01:00.123456Z', name])).stdout).toBe('first\nsecond\n');
    expect((await logs(['--since', String(base / 1000 + 30), '--until', String(base / 1000 + 90), name])).stdout).toBe('second\n');
    expect((await logs(['--until', '1h', name])).stdout).toBe('');
    expect((await logs(['--since', '1h', name])).stdout).toBe('first\nsecond\nthird\n');
    expect((await logs(['-t', '--tail', '1', name])).stdout).toBe('2030-05-05T10:02:00.000123456Z third\n');
    const refused = await logs(['--since', 'yesterday', name]);
    expect(refused.exitCode).toBe(125);
    expect(refused.stderr).toContain("invalid --since value 'yesterday'");
  });

  it('refuses an unknown container in one line', async () => {
    const result = await logs(['no-such-isle']);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain("no such container 'no-such-isle'");
  });

  it('-f follows new lines through a rotation, without loss or duplicates, and ends when the shim is gone', async () => {
    const {name, dir, runDir} = container();
    const log = join(dir, 'container.log');
    writeFileSync(log, line('before\n'));
    const shim = spawn('sleep', ['60'], {stdio: 'ignore'});
    sleepers.push(shim);
    mkdirSync(runDir, {recursive: true});
    writeFileSync(join(runDir, 'shim.json'), JSON.stringify({v: 1, shimPid: shim.pid, shimStartTime: processStartTime(shim.pid!),
      pid: shim.pid, status: 'running', startedAt: new Date().toISOString(), restartCount: 0}));

    const follower = spawn(process.execPath, [cliPath, 'logs', '-f', name], {env: {...process.env, ISLANDER_ROOT: root}, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    follower.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const ended = new Promise<number>((resolve) => follower.once('close', (code) => resolve(code ?? -1)));
    const seen = async (text: string): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!stdout.includes(text)) {
        if (Date.now() > deadline) throw new Error(`follower never printed '${text}'; got: ${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      await seen('before\n');
      const expected = ['before\n'];
      for (let round = 0; round < 3; round++) {
        for (let i = 0; i < 50; i++) {
          appendFileSync(log, line(`r${round} l${i}\n`));
          expected.push(`r${round} l${i}\n`);
        }
        // The shim's rotation: shift the old files up, move the live file to .1, open a fresh one.
        for (let n = round; n >= 1; n--) renameSync(`${log}.${n}`, `${log}.${n + 1}`);
        appendFileSync(log, line(`r${round} last\n`));
        expected.push(`r${round} last\n`);
        renameSync(log, `${log}.1`);
        writeFileSync(log, line(`r${round} fresh\n`));
        expected.push(`r${round} fresh\n`);
        await seen(`r${round} fresh\n`);
      }
      // A partial line is completed later; it prints once, whole.
      appendFileSync(log, line('split line\n').slice(0, 10));
      await new Promise((resolve) => setTimeout(resolve, 150));
      appendFileSync(log, line('split line\n', 'stdout', clock - 1).slice(10));
      expected.push('split line\n');
      await seen('split line\n');
      shim.kill('SIGKILL');
      expect(await ended).toBe(0);
      expect(stdout).toBe(expected.join(''));
    } finally {
      if (follower.exitCode === null) follower.kill('SIGKILL');
    }
  });

  it('-f on a container whose shim is gone prints the log and ends at once', async () => {
    const {name, dir} = container();
    writeFileSync(join(dir, 'container.log'), line('done\n'));
    const result = await logs(['-f', name]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('done\n');
  });

  it('-f ends on SIGINT while the container still runs', async () => {
    const {name, dir, runDir} = container();
    writeFileSync(join(dir, 'container.log'), line('live\n'));
    const shim = spawn('sleep', ['60'], {stdio: 'ignore'});
    sleepers.push(shim);
    mkdirSync(runDir, {recursive: true});
    writeFileSync(join(runDir, 'shim.json'), JSON.stringify({v: 1, shimPid: shim.pid, shimStartTime: processStartTime(shim.pid!),
      pid: shim.pid, status: 'running', startedAt: new Date().toISOString(), restartCount: 0}));
    const follower = spawn(process.execPath, [cliPath, 'logs', '-f', name], {env: {...process.env, ISLANDER_ROOT: root}, stdio: ['ignore', 'pipe', 'ignore']});
    let stdout = '';
    follower.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const ended = new Promise<number | null>((resolve) => follower.once('close', (code) => resolve(code)));
    while (!stdout.includes('live\n')) await new Promise((resolve) => setTimeout(resolve, 20));
    follower.kill('SIGINT');
    expect(await ended).toBe(0);
    shim.kill('SIGKILL');
  });
});
