import {existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmdirSync, writeFileSync} from 'node:fs';
import {randomBytes} from 'node:crypto';
import {join} from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {DEFAULT_DEVICE_RULES} from '../../../src/cgroups/devices.js';
import {writeBundle, type BundleOptions} from '../runtime/harness.js';
import {
  FRAME, alive, attach, buildIsleShim, encodeFrame, killQuietly, makeShimDirs, procStatus, readJson, shimPid,
  spawnShim, startShim, until, type FrameReader, type ShimDirs,
} from './shim-harness.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch {
      // keep cleaning
    }
  }
});

/** A scratch container whose shim and init are killed, and whose dirs are removed, after the test. */
function scratch(options: BundleOptions): ShimDirs {
  const dirs = makeShimDirs();
  writeBundle(dirs.scratch, options);
  cleanups.push(() => dirs.scratch.cleanup());
  return dirs;
}

function track(dirs: ShimDirs, ...pids: number[]): void {
  cleanups.push(() => {
    killQuietly(shimPid(dirs));
    for (const pid of pids) killQuietly(pid);
  });
}

async function run(dirs: ShimDirs, extra: string[] = []) {
  const shim = await spawnShim(dirs, extra);
  track(dirs, shim.waiting);
  await startShim(shim);
  if (shim.error) throw new Error(`shim error after start: ${JSON.stringify(shim.error)}`);
  track(dirs, shim.started!.pid);
  // shim.json follows `started` at once; tests signal the shim by the pid it records there
  await until('shim.json', () => shimPid(dirs) > 0);
  const frames = shim.frames!;
  return {shim, frames, pid: shim.started!.pid};
}

const exitOf = (frames: FrameReader) => frames.controls().find((c) => c.type === 'exit');

async function shimGone(dirs: ShimDirs, pid: number): Promise<void> {
  await until('the shim to exit', () => !alive(pid));
  expect(existsSync(join(dirs.runtime, 'attach.sock'))).toBe(false);
}

beforeAll(() => buildIsleShim());

describe('isle-shim', () => {
  it('hands over start/spawned/started, detaches, relays output, logs it and records the exit', async () => {
    const dirs = scratch({args: ['sh', '-c', 'read line; echo "out $line"; echo oops >&2; exit 3']});
    const shim = await spawnShim(dirs, ['--stdin']);
    const shimProcess = shim.waiting;
    track(dirs, shimProcess);
    expect(shim.firstExit).toBe(0);
    // the shim left the test's process tree and session
    expect(Number(procStatus(shimProcess, 'PPid'))).not.toBe(process.pid);
    const sid = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[3]);
    expect(sid(shimProcess)).not.toBe(sid(process.pid));
    await startShim(shim);
    const containerPid = shim.started!.pid;
    track(dirs, containerPid);
    expect(Number(procStatus(containerPid, 'PPid'))).toBe(shimProcess);
    // spawned: the clone, before the rootfs, with what shim.json will say
    expect(shim.spawned).toMatchObject({pid: containerPid, shimPid: shimProcess});
    await until('shim.json', () => shimPid(dirs) > 0);
    const status = readJson(join(dirs.runtime, 'shim.json'));
    expect(status).toMatchObject({v: 1, shimPid: shimProcess, pid: containerPid, status: 'running', restartCount: 0});
    expect(status.shimStartTime).toBe(Number(readFileSync(`/proc/${shimProcess}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]));
    expect(shim.spawned!.shimStartTime).toBe(status.shimStartTime);
    const frames = shim.frames!;
    shim.sync.write(encodeFrame(FRAME.STDIN, 'hello\n'));
    await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined);
    expect(frames.text(FRAME.STDOUT)).toBe('out hello\n');
    expect(frames.text(FRAME.STDERR)).toBe('oops\n');
    expect(exitOf(frames)).toEqual({v: 1, type: 'exit', exitCode: 3, oomKilled: false});
    await shimGone(dirs, shimProcess);
    expect(readJson(dirs.exitFile)).toMatchObject({v: 1, exitCode: 3, oomKilled: false, restartCount: 0});
    expect(readJson(join(dirs.runtime, 'shim.json')).status).toBe('exited');
    const lines = readFileSync(dirs.logFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.map((l) => [l.stream, l.log])).toEqual([['stdout', 'out hello\n'], ['stderr', 'oops\n']]);
    for (const line of lines) expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
  });

  it('serves a second client on attach.sock: later output, and its stdin', async () => {
    const dirs = scratch({args: ['sh', '-c', 'echo first; cat; echo after-eof']});
    const {frames} = await run(dirs, ['--stdin']);
    await frames.waitFor('first', () => frames.text(FRAME.STDOUT).includes('first'));
    const second = await attach(dirs);
    second.socket.write(encodeFrame(FRAME.STDIN, 'echoed by cat\n'));
    await second.waitFor('cat to echo', () => second.text(FRAME.STDOUT).includes('echoed by cat\n'));
    expect(second.text(FRAME.STDOUT)).not.toContain('first'); // history is `logs`, not attach
    await frames.waitFor('the first client to see it too', () => frames.text(FRAME.STDOUT).includes('echoed by cat'));
    second.socket.write(encodeFrame(FRAME.CLOSE_STDIN));
    await second.waitFor('the exit frame', () => exitOf(second) !== undefined);
    expect(second.text(FRAME.STDOUT)).toBe('echoed by cat\nafter-eof\n');
    expect(exitOf(second)).toMatchObject({exitCode: 0});
    second.socket.destroy();
  });

  it('rotates the log at --log-max-size, keeping --log-max-files files', async () => {
    const dirs = scratch({args: ['sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do echo line-$i; done']});
    const {frames} = await run(dirs, ['--log-max-size', '200', '--log-max-files', '3']);
    await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined);
    const files = readdirSync(dirs.persistent).filter((f) => f.startsWith('container.log')).sort();
    expect(files).toEqual(['container.log', 'container.log.1', 'container.log.2']);
    const read = (f: string) => readFileSync(join(dirs.persistent, f), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as {log: string}).log);
    const all = [...read('container.log.2'), ...read('container.log.1'), ...read('container.log')];
    expect(all.at(-1)).toBe('line-10\n'); // the newest lines survive, in order
    for (const f of files) expect(readFileSync(join(dirs.persistent, f)).length).toBeLessThanOrEqual(200);
  });

  it('--auto-remove still records the exit in exit.json (only its fsyncs are left out)', async () => {
    const dirs = scratch({args: ['sh', '-c', 'exit 6']});
    const {frames} = await run(dirs, ['--auto-remove']);
    await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined);
    expect(readJson(dirs.exitFile)).toMatchObject({v: 1, exitCode: 6, oomKilled: false});
  });

  it('records a signal death', async () => {
    const dirs = scratch({args: ['sleep', '600']});
    const {frames, pid} = await run(dirs);
    process.kill(pid, 'SIGKILL');
    await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined);
    expect(exitOf(frames)).toEqual({v: 1, type: 'exit', signal: 9, oomKilled: false});
    await until('exit.json', () => existsSync(dirs.exitFile));
    expect(readJson(dirs.exitFile)).toMatchObject({signal: 9});
    expect(readJson(dirs.exitFile).exitCode).toBeUndefined();
  });

  const memoryRoot = '/sys/fs/cgroup/memory';
  it.skipIf(!existsSync(join(memoryRoot, 'memory.oom_control')))('reports oomKilled from the cgroup (v1 memory)', async () => {
    const group = join(memoryRoot, 'islander', `test-${randomBytes(4).toString('hex')}`);
    mkdirSync(group, {recursive: true});
    cleanups.push(() => rmdirSync(group));
    writeFileSync(join(group, 'memory.limit_in_bytes'), String(16 << 20));
    if (existsSync(join(group, 'memory.memsw.limit_in_bytes'))) writeFileSync(join(group, 'memory.memsw.limit_in_bytes'), String(16 << 20));
    // busybox sh grows a string until the kernel kills it
    const dirs = scratch({args: ['sh', '-c', 'x=aaaaaaaaaaaaaaaa; while true; do x="$x$x"; done']});
    const extra = ['--cgroup-join', join(group, 'tasks'), '--oom-file', join(group, 'memory.oom_control'), '--oom-key', 'oom_kill'];
    const {frames, pid} = await run(dirs, extra);
    expect(readFileSync(join(group, 'cgroup.procs'), 'utf8')).toContain(String(pid));
    await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined, 30_000);
    expect(exitOf(frames)).toMatchObject({signal: 9, oomKilled: true});
    await until('exit.json', () => existsSync(dirs.exitFile));
    expect(readJson(dirs.exitFile)).toMatchObject({signal: 9, oomKilled: true});
  });

  const v2Root = existsSync('/sys/fs/cgroup/cgroup.controllers') ? '/sys/fs/cgroup' : '/sys/fs/cgroup/unified';
  it.skipIf(!existsSync(join(v2Root, 'cgroup.procs')))('--cgroup-dir clones straight into a v2 cgroup (clone3)', async () => {
    const group = join(v2Root, `isle-shim-test-${randomBytes(4).toString('hex')}`);
    mkdirSync(group);
    cleanups.push(() => rmdirSync(group));
    const dirs = scratch({args: ['sleep', '600']});
    const {pid} = await run(dirs, ['--cgroup-dir', group]);
    expect(readFileSync(join(group, 'cgroup.procs'), 'utf8').split('\n')).toContain(String(pid));
    process.kill(shimPid(dirs), 'SIGKILL');
    await until('the container to die', () => !alive(pid));
  });

  /**
   * This host mounts cgroup v1 (its devices controller allows everything here) with a cgroup2 hierarchy beside it;
   * the kernel runs a group's BPF device program before the v1 controller, so the hybrid mount shows v2's rules.
   */
  describe.skipIf(!existsSync(join(v2Root, 'cgroup.procs')))('--cgroup-dir: device rules as a BPF program', () => {
    const probe = [
      'mkdir -p /tmp',
      'mknod /tmp/kmsg c 1 11 && echo mknod-ok',
      'head -c1 /dev/null && echo null-ok',
      // opening /dev/kmsg for writing needs no capability (reading it may need CAP_SYSLOG): only the filter decides
      'true > /tmp/kmsg && echo open-ok',
      'head -c1 /tmp/kmsg >/dev/null && echo read-ok',
      'exit 0',
    ].join('; ');

    async function runInGroup(deviceRules: BundleOptions['deviceRules']) {
      const group = join(v2Root, `isle-shim-test-${randomBytes(4).toString('hex')}`);
      mkdirSync(group);
      cleanups.push(() => rmdirSync(group));
      const dirs = scratch({args: ['sh', '-c', probe], capabilities: ['CAP_MKNOD'], deviceRules});
      const {frames} = await run(dirs, ['--cgroup-dir', group]);
      await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined);
      expect(exitOf(frames)).toMatchObject({exitCode: 0});
      return {stdout: frames.text(FRAME.STDOUT), stderr: frames.text(FRAME.STDERR)};
    }

    it('the default rules: /dev/null works, mknod of c 1:11 succeeds, opening it is denied', async () => {
      const {stdout, stderr} = await runInGroup([...DEFAULT_DEVICE_RULES]);
      expect(stdout).toBe('mknod-ok\nnull-ok\n');
      expect(stderr).toMatch(/can't create \/tmp\/kmsg: Operation not permitted/);
      expect(stderr).toMatch(/head: \/tmp\/kmsg: Operation not permitted/);
    });

    it('a later rule allowing c 1:11 rw overrides the deny-all', async () => {
      const {stdout} = await runInGroup([...DEFAULT_DEVICE_RULES, {allow: true, type: 'c', major: 1, minor: 11, access: 'rw'}]);
      expect(stdout).toMatch(/^mknod-ok\nnull-ok\nopen-ok\n/);
    });

    it('an empty list denies every device, mknod included', async () => {
      const group = join(v2Root, `isle-shim-test-${randomBytes(4).toString('hex')}`);
      mkdirSync(group);
      cleanups.push(() => rmdirSync(group));
      // the runtime's own mknod of /dev/null is refused: the init reports it while it builds the rootfs
      const dirs = scratch({args: ['true'], deviceRules: []});
      const shim = await spawnShim(dirs, ['--cgroup-dir', group]);
      track(dirs, shim.waiting);
      await startShim(shim);
      expect(shim.error?.message).toMatch(/Operation not permitted/);
    });
  });

  it('restarts on-failure:2 exactly twice, then records restartCount 2', async () => {
    const dirs = scratch({args: ['sh', '-c', 'echo run; exit 1']});
    const {frames} = await run(dirs, ['--restart', 'on-failure:2']);
    const exits = () => frames.controls().filter((c) => c.type === 'exit');
    await frames.waitFor('three exits', () => exits().length === 3 && existsSync(dirs.exitFile) && readJson(dirs.exitFile).restartCount === 2);
    await until('the shim to exit', () => readJson(join(dirs.runtime, 'shim.json')).status === 'exited');
    expect(frames.controls().map((c) => c.type)).toEqual(['exit', 'restarting', 'started', 'exit', 'restarting', 'started', 'exit']);
    expect(frames.controls().filter((c) => c.type === 'restarting').map((c) => c.restartCount)).toEqual([1, 2]);
    expect(frames.text(FRAME.STDOUT)).toBe('run\nrun\nrun\n');
    expect(readJson(dirs.exitFile)).toMatchObject({exitCode: 1, restartCount: 2});
  });

  it('restart always: a stop request (stop-requested) ends it without a restart', async () => {
    const dirs = scratch({args: ['sleep', '600']});
    const {frames, pid} = await run(dirs, ['--restart', 'always']);
    writeFileSync(join(dirs.runtime, 'stop-requested'), '');
    process.kill(pid, 'SIGKILL');
    await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined);
    const shim = shimPid(dirs);
    await shimGone(dirs, shim);
    expect(frames.controls().map((c) => c.type)).toEqual(['exit']);
    expect(readJson(join(dirs.runtime, 'shim.json')).status).toBe('exited');
  });

  it('restart always: restarts a container that exited 0, with a new pid in shim.json', async () => {
    const dirs = scratch({args: ['sh', '-c', 'echo up; sleep 600']});
    const {frames, pid} = await run(dirs, ['--restart', 'always']);
    await frames.waitFor('first output', () => frames.text(FRAME.STDOUT) === 'up\n');
    process.kill(pid, 'SIGTERM'); // sh as PID 1 ignores it; forward through the shim instead
    process.kill(pid, 'SIGKILL');
    await frames.waitFor('a restart', () => frames.controls().some((c) => c.type === 'started'));
    const started = frames.controls().find((c) => c.type === 'started')!;
    track(dirs, started.pid as number);
    expect(started.pid).not.toBe(pid);
    await frames.waitFor('second output', () => frames.text(FRAME.STDOUT) === 'up\nup\n');
    expect(readJson(join(dirs.runtime, 'shim.json'))).toMatchObject({status: 'running', pid: started.pid, restartCount: 1});
  });

  it('--init: PID 1 reaps orphans and forwards SIGTERM to the command', async () => {
    const dirs = scratch({
      args: ['sh', '-c', '(sleep 0.2; echo orphan-done) & trap "echo got-term; exit 3" TERM; echo ready; while true; do sleep 0.05; done'],
    });
    const {frames, pid} = await run(dirs, ['--init']);
    await frames.waitFor('the orphan to finish', () => frames.text(FRAME.STDOUT).includes('orphan-done'));
    const children = () => readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    const zombies = () => children().filter((c) => !alive(c));
    // the subshell's sleep was re-parented to PID 1 and must be reaped, not left <defunct>
    await until('no zombie children of the tiny init', () => zombies().length === 0);
    expect(readFileSync(`/proc/${pid}/comm`, 'utf8').trim()).toBe('isle:tiny-init');
    process.kill(shimPid(dirs), 'SIGTERM'); // shim → tiny init → sh
    await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined);
    expect(frames.text(FRAME.STDOUT)).toContain('got-term');
    expect(exitOf(frames)).toMatchObject({exitCode: 3});
  });

  it('touches nothing before start: spawned before its bundle exists, it runs the bundle written meanwhile', async () => {
    const dirs = scratch({args: ['sh', '-c', 'echo from-the-late-bundle']});
    const later = `${dirs.scratch.bundle}.later`;
    renameSync(dirs.scratch.bundle, later);
    rmdirSync(dirs.runtime);
    const shim = await spawnShim(dirs);
    track(dirs, shim.waiting);
    expect(alive(shim.waiting)).toBe(true);
    expect(readdirSync(dirs.persistent)).toEqual([]); // no log yet
    renameSync(later, dirs.scratch.bundle);
    mkdirSync(dirs.runtime);
    await startShim(shim);
    expect(shim.error).toBeUndefined();
    const frames = shim.frames!;
    await frames.waitFor('the exit frame', () => exitOf(frames) !== undefined);
    expect(frames.text(FRAME.STDOUT)).toBe('from-the-late-bundle\n');
  });

  it('EOF on the sync socket before start leaves nothing behind', async () => {
    const dirs = scratch({args: ['sleep', '600']});
    const shim = await spawnShim(dirs);
    track(dirs, shim.waiting);
    expect(alive(shim.waiting)).toBe(true);
    shim.sync.destroy();
    await until('the shim to exit', () => !alive(shim.waiting));
    expect(readdirSync(dirs.runtime)).toEqual([]);
    expect(readdirSync(dirs.persistent)).toEqual([]);
  });

  it('killing the shim kills the container', async () => {
    const dirs = scratch({args: ['sleep', '600']});
    const {pid} = await run(dirs);
    process.kill(shimPid(dirs), 'SIGKILL');
    await until('the container to die with its shim', () => !alive(pid));
  });

  it('reports a failed exec as an error after start and exits', async () => {
    const dirs = scratch({args: ['no-such-command']});
    const shim = await spawnShim(dirs);
    track(dirs, shim.waiting);
    await startShim(shim);
    expect(shim.error).toMatchObject({stage: 'exec'});
    await until('the shim to exit', () => !alive(shim.waiting));
    expect(readdirSync(dirs.runtime)).toEqual([]);
  });

  it('refuses a bad command line with a config error on the sync fd and exit code 125', async () => {
    const dirs = scratch({args: ['true']});
    const shim = await spawnShim(dirs, ['--restart', 'sometimes']);
    expect(shim.firstExit).toBe(125);
    expect(shim.error).toMatchObject({type: 'error', stage: 'config'});
  });
});
