import {spawn} from 'node:child_process';
import {beforeAll, describe, expect, it} from 'vitest';
import {cliPath, type CliResult, containerNamer, islander, testRoot, waitForRunning} from '../helpers.js';

const named = containerNamer();

/** Starts a foreground `islander run` without waiting for it (it ends when the test removes the container). */
function startRun(args: string[]): void {
  spawn(process.execPath, [cliPath, 'run', ...args], {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: 'ignore'});
}

function exec(args: string[], input?: string): Promise<CliResult> {
  return islander(['exec', ...args], {input});
}

/** Polls a command inside the container until it succeeds: a handshake, not a guessed sleep. */
async function until(container: string, command: string[], timeoutMs = 10_000): Promise<CliResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await exec([container, ...command]);
    if (result.exitCode === 0 || Date.now() > deadline) return result;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('islander exec', () => {
  const web = named('exec');
  const hostname = 'exec-host';

  beforeAll(async () => {
    startRun(['--name', web, '-h', hostname, '-e', 'FROM_RUN=yes', 'alpine-stress', 'sleep', '300']);
    await waitForRunning(web);
  });

  it("runs in the container's UTS namespace", async () => {
    const result = await exec([web, 'hostname']);
    expect(result).toMatchObject({exitCode: 0, stdout: `${hostname}\n`});
  });

  it("runs in the container's PID namespace, where PID 1 is the container's sleep", async () => {
    const result = await exec([web, 'sh', '-c', 'tr "\\0" " " < /proc/1/cmdline; echo; echo $$']);
    expect(result.exitCode).toBe(0);
    const [pid1, own] = result.stdout.split('\n');
    expect(pid1!.trim()).toBe('sleep 300');
    expect(Number(own)).toBeGreaterThan(1);
  });

  it("is born in the container's cgroups", async () => {
    const result = await exec([web, 'sh', '-c', 'cat /proc/self/cgroup; echo ---; cat /proc/1/cgroup']);
    expect(result.exitCode).toBe(0);
    const [own, init] = result.stdout.split('---\n');
    expect(own!.trim()).not.toBe('');
    expect(own).toBe(init);
  });

  it("gets the container's environment plus -e, and PATH", async () => {
    const result = await exec(['-e', 'EXTRA=1', '-e', 'FROM_RUN=changed', web, 'sh', '-c', 'echo $FROM_RUN $EXTRA; echo $PATH']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('changed 1\n/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n');
    expect((await exec([web, 'sh', '-c', 'echo $FROM_RUN'])).stdout).toBe('yes\n');
  });

  it('starts in / by default and in -w DIR', async () => {
    expect((await exec([web, 'pwd'])).stdout).toBe('/\n');
    expect((await exec(['-w', '/tmp', web, 'pwd'])).stdout).toBe('/tmp\n');
  });

  it('refuses a missing -w directory with 125 and one line', async () => {
    const result = await exec(['-w', '/no/such/dir', web, 'pwd']);
    expect(result.exitCode).toBe(125);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('/no/such/dir');
  });

  it('runs as -u nobody, -u UID:GID, and refuses an unknown user', async () => {
    expect(await exec(['-u', 'nobody', web, 'id', '-u'])).toMatchObject({exitCode: 0, stdout: '65534\n'});
    const numeric = await exec(['-u', '1234:5678', web, 'id']);
    expect(numeric.exitCode).toBe(0);
    expect(numeric.stdout).toContain('uid=1234 gid=5678');
    expect(await exec(['-u', 'a:b:c', web, 'id'])).toMatchObject({exitCode: 125, stderr: expect.stringContaining("invalid user 'a:b:c'")});
    const unknown = await exec(['-u', 'ghost', web, 'id']);
    expect(unknown.exitCode).toBe(125);
    expect(unknown.stderr).toContain('unable to find user ghost');
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("passes the command's exit code through", async () => {
    expect((await exec([web, 'sh', '-c', 'exit 7'])).exitCode).toBe(7);
    expect((await exec([web, 'sh', '-c', 'kill -TERM $$'])).exitCode).toBe(128 + 15);
  });

  it('exits 127 for a missing command and 126 for a file that cannot be executed', async () => {
    const missing = await exec([web, 'no-such-command']);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr).toContain("'no-such-command' was not found");
    const notExecutable = await exec([web, '/etc/passwd']);
    expect(notExecutable.exitCode).toBe(126);
    expect(notExecutable.stderr).toContain('cannot be executed');
  });

  it('forwards SIGTERM from the CLI to the command', async () => {
    const child = spawn(process.execPath, [cliPath, 'exec', web, 'sh', '-c', 'trap "echo got-term; exit 3" TERM; echo ready; while :; do sleep 0.1; done'], {
      env: {...process.env, ISLANDER_ROOT: testRoot()},
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout === 'ready\n') child.kill('SIGTERM');
    });
    expect(await closed).toBe(3);
    expect(stdout).toBe('ready\ngot-term\n');
  });

  it('connects stdin only with -i', async () => {
    expect(await exec(['-i', web, 'cat'], 'hello\n')).toMatchObject({exitCode: 0, stdout: 'hello\n'});
    expect(await exec([web, 'cat'], 'hello\n')).toMatchObject({exitCode: 0, stdout: ''});
  });

  it('gives the command a terminal with -t', async () => {
    const withTty = await exec(['-t', web, 'sh', '-c', 'tty; echo $TERM']);
    expect(withTty.exitCode).toBe(0);
    expect(withTty.stdout).toMatch(/^\/dev\/pts\/\d+\r?\nxterm\r?\n$/);
    const without = await exec([web, 'tty']);
    expect(without.exitCode).toBe(1);
    expect(without.stdout).toContain('not a tty');
  });

  it('returns at once with -d, printing nothing, while the command goes on', async () => {
    const started = Date.now();
    const result = await exec(['-d', web, 'sh', '-c', 'sleep 1; echo done > /tmp/detached']);
    expect(result).toMatchObject({exitCode: 0, stdout: '', stderr: ''});
    expect(Date.now() - started).toBeLessThan(1000 + 2000);
    expect(await until(web, ['cat', '/tmp/detached'])).toMatchObject({exitCode: 0, stdout: 'done\n'});
  });
});

describe('islander exec: the filesystem', () => {
  it("shares the container's rootfs both ways", async () => {
    const name = named('exec-fs');
    // The container writes a file, waits for exec's file, and answers with what it read. Each file appears
    // whole (written aside, then renamed): a reader polling for it must never see it empty.
    startRun(['--name', name, 'alpine-stress', 'sh', '-c',
      'echo from-run > /tmp/.run-file && mv /tmp/.run-file /tmp/run-file; until [ -e /tmp/from-exec ]; do sleep 0.1; done; ' +
      'cat /tmp/from-exec > /tmp/.seen && mv /tmp/.seen /tmp/seen-by-run; exec sleep 300']);
    await waitForRunning(name);
    expect(await until(name, ['cat', '/tmp/run-file'])).toMatchObject({exitCode: 0, stdout: 'from-run\n'});
    expect((await exec([name, 'sh', '-c', 'echo from-exec > /tmp/.from-exec && mv /tmp/.from-exec /tmp/from-exec'])).exitCode).toBe(0);
    expect(await until(name, ['cat', '/tmp/seen-by-run'])).toMatchObject({exitCode: 0, stdout: 'from-exec\n'});
  });
});

describe('islander exec: refusals', () => {
  it('refuses an exited container with 125 and one clear line', async () => {
    const name = named('exec-exited');
    expect((await islander(['run', '--name', name, 'alpine-stress', 'true'])).exitCode).toBe(0);
    const result = await exec([name, 'ls']);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toBe(`islander: container '${name}' is not running; start it first\n`);
  });

  it('refuses an unknown container with 125', async () => {
    const result = await exec(['it-no-such-container', 'ls']);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain("no such container 'it-no-such-container'");
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});
