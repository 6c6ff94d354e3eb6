import {existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {spawn} from 'node:child_process';
import {describe, expect, it, onTestFinished} from 'vitest';
import {cgroupDriver} from '../../../src/cgroups/index.js';
import {alive, cliPath, containerNamer, inspect, islander, testRoot, until, waitForRunning} from '../helpers.js';

const named = containerNamer();

describe('detached isles outlive the CLI', () => {
  it('run -d prints the id at once and the container runs under its own shim', async () => {
    const name = named('detached');
    const result = await islander(['run', '-d', '--name', name, 'alpine-stress', 'sleep', '60']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    const details = await inspect(name);
    expect(details.State).toMatchObject({Status: 'running', Running: true});
    expect(alive(details.State.Pid)).toBe(true);
    const shimPid = (details.State as unknown as {ShimPid: number}).ShimPid;
    expect(alive(shimPid)).toBe(true);
    // The shim left our process tree: its parent is not the CLI (gone) but init or a subreaper.
    const status = (await import('node:fs')).readFileSync(`/proc/${shimPid}/status`, 'utf8');
    expect(status).toMatch(/PPid:\s+\d+/);
    const ps = await islander(['ps', '--format', 'json']);
    expect((JSON.parse(ps.stdout) as Array<{Names: string[]}>).some((c) => c.Names[0] === name)).toBe(true);
  });

  it('logs -f shows lines as they are written, stdout and stderr apart, and ends when the container exits', async () => {
    const name = named('chatty');
    // The container writes its first lines, then waits for the test's go (a file in a bind mount), so the test
    // sees them while it still runs however slow the machine (the qemu lane).
    const sync = mkdtempSync(join(tmpdir(), 'islander-logs-sync-'));
    onTestFinished(() => rmSync(sync, {recursive: true, force: true}));
    await islander(['run', '-d', '--name', name, '-v', `${sync}:/sync`, 'alpine-stress', 'sh', '-c',
      'echo "out 1"; echo "err 1" >&2; until [ -e /sync/go ]; do sleep 0.1; done; ' +
      'for i in 2 3 4 5; do echo "out $i"; echo "err $i" >&2; done']);
    const follower = spawn(process.execPath, [cliPath, 'logs', '-f', name], {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    follower.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    follower.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    await until(() => stdout.includes('out 1'));
    // The first line arrived while the container was still writing.
    expect((await inspect(name)).State.Running).toBe(true);
    expect(stdout).toBe('out 1\n');
    writeFileSync(join(sync, 'go'), '');
    const code = await new Promise<number>((resolve) => follower.once('close', (exit) => resolve(exit ?? -1)));
    expect(code).toBe(0);
    expect(stdout).toBe('out 1\nout 2\nout 3\nout 4\nout 5\n');
    expect(stderr).toBe('err 1\nerr 2\nerr 3\nerr 4\nerr 5\n');
  });

  it('rotates the log with --log-opt max-size and max-file, and logs --tail reads across files', async () => {
    const name = named('rotating');
    await islander(['run', '-d', '--name', name, '--log-opt', 'max-size=2k', '--log-opt', 'max-file=2', 'alpine-stress', 'sh', '-c',
      'i=0; while [ $i -lt 200 ]; do echo "line $i"; i=$((i+1)); done']);
    expect((await islander(['wait', name])).stdout.trim()).toBe('0');
    const {Id} = await inspect(name);
    const files = readdirSync(`${testRoot()}/containers/${Id}`).filter((file) => file.startsWith('container.log'));
    expect(files.sort()).toEqual(['container.log', 'container.log.1']);
    const tail = await islander(['logs', '--tail', '3', name]);
    expect(tail.stdout).toBe('line 197\nline 198\nline 199\n');
  });

  it('keeps running when the foreground CLI is SIGKILLed, and attach gets it back', async () => {
    const name = named('survivor');
    const child = spawn(process.execPath, [cliPath, 'run', '-i', '--name', name, 'alpine-stress', 'sh', '-c', 'while read line; do echo "got $line"; done'],
      {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: ['pipe', 'pipe', 'pipe']});
    const before = await waitForRunning(name);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('close', resolve));
    expect((await inspect(name)).State.Running).toBe(true);
    expect(alive(before.State.Pid)).toBe(true);

    const attached = spawn(process.execPath, [cliPath, 'attach', name], {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: ['pipe', 'pipe', 'pipe']});
    let output = '';
    attached.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    attached.stdin.write('hello\n');
    await until(() => output.includes('got hello'));
    attached.stdin.end();
    const code = await new Promise<number>((resolve) => attached.once('close', (exit) => resolve(exit ?? -1)));
    expect(code).toBe(0);
    expect((await inspect(name)).State.Status).toBe('exited');
  });

  it('stop ends a process that ignores SIGTERM within the timeout with 137, and wait returns the code', async () => {
    const name = named('stubborn');
    await islander(['run', '-d', '--name', name, 'alpine-stress', 'sh', '-c', 'trap "" TERM; while true; do sleep 1; done']);
    await waitForRunning(name);
    const started = Date.now();
    expect((await islander(['stop', '-t', '1', name])).exitCode).toBe(0);
    expect(Date.now() - started).toBeLessThan(6000);
    const details = await inspect(name);
    expect(details.State).toMatchObject({Status: 'exited', ExitCode: 137});
    const waited = await islander(['wait', name]);
    expect(waited.stdout.trim()).toBe('137');
  });

  it('records an OOM kill of a detached container', async () => {
    const name = named('oom-detached');
    await islander(['run', '-d', '--name', name, '-m', '32m', 'alpine-stress', 'stress', '--vm', '1', '--vm-bytes', '128M', '--vm-keep']);
    const code = await islander(['wait', name]);
    expect(code.stdout.trim()).not.toBe('0');
    expect((await inspect(name)).State.OOMKilled).toBe(true);
  });

  it('restarts on failure up to N times, and not after a manual stop', async () => {
    const flaky = named('flaky');
    await islander(['run', '-d', '--name', flaky, '--restart', 'on-failure:2', 'alpine-stress', 'sh', '-c', 'exit 3']);
    expect((await islander(['wait', flaky])).stdout.trim()).toBe('3');
    const details = await inspect(flaky);
    expect((details as unknown as {RestartCount: number}).RestartCount).toBe(2);

    const always = named('always');
    await islander(['run', '-d', '--name', always, '--restart', 'always', 'alpine-stress', 'sleep', '60']);
    await waitForRunning(always);
    expect((await islander(['stop', '-t', '1', always])).exitCode).toBe(0);
    expect((await inspect(always)).State.Status).toBe('exited');
  });

  it('create then start -a runs the command and returns its exit code; restart runs it again', async () => {
    const name = named('created');
    const create = await islander(['create', '--name', name, 'alpine-stress', 'sh', '-c', 'echo once; exit 5']);
    expect(create.exitCode).toBe(0);
    expect((await inspect(name)).State.Status).toBe('created');
    const start = await islander(['start', '-a', name]);
    expect(start).toMatchObject({exitCode: 5, stdout: 'once\n'});
    expect((await islander(['restart', name])).exitCode).toBe(0);
    expect((await islander(['wait', name])).stdout.trim()).toBe('5');
  });

  it('a start that fails exits 127 and leaves the container exited with the reason, as Docker does', async () => {
    const name = named('badstart');
    expect((await islander(['create', '--name', name, 'alpine-stress', 'no-such-command'])).exitCode).toBe(0);
    const start = await islander(['start', name]);
    expect(start.exitCode).toBe(127);
    expect(start.stderr).toContain("the command 'no-such-command' was not found");
    const state = (await inspect(name)).State as unknown as {Status: string; ExitCode: number; Error: string; Pid: number};
    expect(state).toMatchObject({Status: 'exited', ExitCode: 127, Pid: 0});
    expect(state.Error).toContain("'no-such-command' was not found");
  });

  it('removes a --rm container at its exit with no CLI attached (-d, or a killed run), as Docker does', async () => {
    // No islander command runs in between: the shim's exit command does the removal (PROTOCOL.md, --exit-command).
    const gone = (id: string) => () => !existsSync(join(testRoot(), 'containers', id)) && cgroupDriver().open(id) === undefined;
    const detached = named('rm-detached');
    const id = (await islander(['run', '-d', '--rm', '--name', detached, 'alpine-stress', 'true'])).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await until(gone(id), 20_000, 'the detached --rm container removed');
    expect(existsSync(join(testRoot(), 'containers', '.names', detached))).toBe(false);

    // This one ends when the test says (a file in a bind mount), after its CLI was killed, however slow the machine.
    const sync = mkdtempSync(join(tmpdir(), 'islander-rm-sync-'));
    onTestFinished(() => rmSync(sync, {recursive: true, force: true}));
    const orphaned = named('rm-killed');
    const cli = spawn(process.execPath, [cliPath, 'run', '--rm', '--name', orphaned, '-v', `${sync}:/sync`, 'alpine-stress', 'sh', '-c',
      'echo up; until [ -e /sync/go ]; do sleep 0.1; done'], {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: ['ignore', 'pipe', 'ignore']});
    await new Promise<void>((resolve) => cli.stdout.once('data', () => resolve()));
    const killedId = (await inspect(orphaned)).Id;
    cli.kill('SIGKILL');
    await new Promise((resolve) => cli.once('close', resolve));
    writeFileSync(join(sync, 'go'), '');
    await until(gone(killedId), 20_000, 'the --rm container of a killed run removed');
  });

  it('shows a container whose shim died as exited with a clear status', async () => {
    const name = named('orphan');
    await islander(['run', '-d', '--name', name, 'alpine-stress', 'sleep', '60']);
    const details = await inspect(name);
    process.kill((details.State as unknown as {ShimPid: number}).ShimPid, 'SIGKILL');
    await until(() => !alive(details.State.Pid));
    const after = await inspect(name);
    expect(after.State.Status).toBe('exited');
    expect((after.State as unknown as {Error: string}).Error).toContain('shim died');
  });

  it('runs a tiny init as PID 1 with --init', async () => {
    const result = await islander(['run', '--rm', '--init', 'alpine-stress', 'sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; echo; echo $$']);
    expect(result.exitCode).toBe(0);
    const [pid1, shellPid] = result.stdout.trim().split('\n');
    expect(pid1).not.toContain('sh -c');
    expect(Number(shellPid)).toBeGreaterThan(1);
  });

  it('refuses to attach to or stop an unknown container with exit 125', async () => {
    expect((await islander(['attach', 'no-such-isle'])).exitCode).toBe(125);
    expect((await islander(['stop', 'no-such-isle'])).exitCode).toBe(125);
  });

  it('leaves no runtime directory once a container is removed', async () => {
    const name = named('tidy');
    await islander(['run', '-d', '--name', name, 'alpine-stress', 'sleep', '60']);
    const {Id} = await inspect(name);
    expect(existsSync(`${testRoot()}/run/containers/${Id}`)).toBe(true);
    expect((await islander(['rm', '-f', name])).exitCode).toBe(0);
    expect(existsSync(`${testRoot()}/run/containers/${Id}`)).toBe(false);
    expect(readdirSync(`${testRoot()}/containers`)).not.toContain(Id);
  });
});
