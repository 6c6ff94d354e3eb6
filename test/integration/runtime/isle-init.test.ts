import {existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {
  buildIsleInit,
  DEFAULT_MOUNTS,
  last,
  makeScratch,
  runIsleInit,
  runtimeDir,
  writeBundle,
  type BundleOptions,
  type Message,
  type Scratch,
} from './harness.js';

function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('isle-init', () => {
  let scratch: Scratch;
  const extraCleanups: Array<() => void> = [];

  beforeAll(() => buildIsleInit());
  afterEach(() => {
    scratch?.cleanup();
    for (const cleanup of extraCleanups.splice(0)) cleanup();
  });

  async function run(script: string, options: Omit<BundleOptions, 'args'> = {}) {
    scratch?.cleanup();
    scratch = makeScratch();
    writeBundle(scratch, {args: ['sh', '-c', script], ...options});
    return runIsleInit(scratch.bundle);
  }

  it('runs the process as PID 1 and follows the handshake', async () => {
    const result = await run('echo $$');
    expect(result.stdout).toBe('1\n');
    expect(result.messages.map((m) => m.type)).toEqual(['ready', 'started', 'exit']);
    expect(last(result)).toEqual({v: 1, type: 'exit', exitCode: 0});
    expect(result.code).toBe(0);
  });

  it('speaks exactly the golden fixtures', async () => {
    const fixture = (name: string) =>
      readFileSync(join(runtimeDir, 'protocol', 'fixtures', name), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Message);
    const fromMonitor = (messages: Message[]) => messages.filter((m) => (m.type as string) !== 'start');
    const withPid = (messages: Message[], pid: number) => messages.map((m) => (m.type === 'ready' ? {...m, pid} : m));

    const success = await run('exit 0');
    const pid = (success.messages[0] as {pid: number}).pid;
    expect(success.messages).toEqual(withPid(fromMonitor(fixture('run-success.jsonl')), pid));
    const exit3 = await run('exit 3');
    expect(exit3.messages.slice(1)).toEqual(fromMonitor(fixture('run-exit-code.jsonl')).slice(1));
    scratch.cleanup();
    scratch = makeScratch();
    writeBundle(scratch, {args: ['no-such-command']});
    const missing = await runIsleInit(scratch.bundle);
    expect(missing.messages.slice(1)).toEqual(fromMonitor(fixture('error-exec.jsonl')).slice(1));
  });

  it('sets the hostname', async () => {
    const result = await run('hostname', {hostname: 'islet-42'});
    expect(result.stdout).toBe('islet-42\n');
  });

  it('has only lo in its network namespace, and lo is up', async () => {
    const result = await run('cat /proc/net/dev; cat /sys/class/net/lo/flags');
    const lines = result.stdout.trim().split('\n');
    const interfaces = lines.slice(2, -1).map((line) => line.split(':')[0]!.trim());
    expect(interfaces).toEqual(['lo']);
    expect(Number.parseInt(lines.at(-1)!, 16) & 1).toBe(1); // IFF_UP
  });

  it('sees only its own processes', async () => {
    const result = await run('ls /proc | grep -E "^[0-9]+$"');
    const pids = result.stdout.trim().split('\n').map(Number);
    expect(pids).toContain(1);
    expect(Math.max(...pids)).toBeLessThan(10);
  });

  it('mounts /proc and a read-only /sys', async () => {
    const result = await run('grep -E " /(proc|sys) " /proc/mounts; touch /sys/x 2>/dev/null && echo WROTE');
    const mounts = result.stdout.trim().split('\n').map((line) => line.split(' '));
    expect(mounts.find((m) => m[1] === '/proc')?.[2]).toBe('proc');
    const sys = mounts.find((m) => m[1] === '/sys');
    expect(sys?.[2]).toBe('sysfs');
    expect(sys?.[3]?.split(',')).toContain('ro');
    expect(result.stdout).not.toContain('WROTE');
  });

  it('creates the default devices on a tmpfs /dev', async () => {
    const result = await run('for d in null zero full random urandom tty; do stat -c "%n %F %t:%T %a" /dev/$d; done; ls -l /dev/ptmx /dev/fd');
    expect(result.stdout).toContain('/dev/null character special file 1:3 666');
    expect(result.stdout).toContain('/dev/zero character special file 1:5 666');
    expect(result.stdout).toContain('/dev/full character special file 1:7 666');
    expect(result.stdout).toContain('/dev/random character special file 1:8 666');
    expect(result.stdout).toContain('/dev/urandom character special file 1:9 666');
    expect(result.stdout).toContain('/dev/tty character special file 5:0 666');
    expect(result.stdout).toContain('/dev/ptmx -> pts/ptmx');
    expect(result.stdout).toContain('/dev/fd -> /proc/self/fd');
  });

  it('masks masked paths and makes readonly paths read-only', async () => {
    const result = await run('wc -c < /proc/keys; ls -A /sys/firmware | wc -l; grep " /proc/sys " /proc/mounts');
    const [keys, firmware, procSys] = result.stdout.trim().split('\n');
    expect(keys?.trim()).toBe('0');
    expect(firmware?.trim()).toBe('0');
    expect(procSys?.split(' ')[3]?.split(',')).toContain('ro');
  });

  it("cannot see a file in the host's /tmp", async () => {
    const marker = mkdtempSync(join(tmpdir(), 'isle-marker-'));
    extraCleanups.push(() => rmSync(marker, {recursive: true, force: true}));
    const result = await run(`test -e ${marker} && echo VISIBLE; echo done`);
    expect(result.stdout).toBe('done\n');
  });

  it('propagates the exit code', async () => {
    const result = await run('exit 3');
    expect(last(result)).toEqual({v: 1, type: 'exit', exitCode: 3});
    expect(result.code).toBe(3);
  });

  it('reports death by signal', async () => {
    scratch = makeScratch();
    writeBundle(scratch, {args: ['sleep', '1000']});
    const result = await runIsleInit(scratch.bundle, {onStarted: (pid) => process.kill(pid, 'SIGKILL')});
    expect(last(result)).toEqual({v: 1, type: 'exit', signal: 9});
    expect(result.code).toBe(137);
  });

  it('forwards SIGTERM to the container', async () => {
    scratch = makeScratch();
    writeBundle(scratch, {args: ['sh', '-c', 'trap "exit 42" TERM; echo armed; while :; do sleep 1 & wait $!; done']});
    let signalled = false;
    const result = await runIsleInit(scratch.bundle, {
      onStdout: (text, monitor) => {
        if (!signalled && text.includes('armed')) {
          signalled = true;
          monitor.kill('SIGTERM');
        }
      },
    });
    expect(last(result)).toEqual({v: 1, type: 'exit', exitCode: 42});
  });

  it('reports a missing command as exec ENOENT', async () => {
    scratch = makeScratch();
    writeBundle(scratch, {args: ['no-such-command']});
    const result = await runIsleInit(scratch.bundle);
    expect(last(result)).toMatchObject({type: 'error', stage: 'exec', errno: 2});
    expect(result.code).toBe(125);
  });

  it('reports a non-executable file as exec EACCES', async () => {
    scratch = makeScratch();
    writeFileSync(join(scratch.rootfs, 'bin', 'plain'), 'not a program\n', {mode: 0o644});
    writeBundle(scratch, {args: ['/bin/plain']});
    const result = await runIsleInit(scratch.bundle);
    expect(last(result)).toMatchObject({type: 'error', stage: 'exec', errno: 13});
    expect(result.code).toBe(125);
  });

  it('reports config errors with the field name, before ready', async () => {
    scratch = makeScratch();
    writeBundle(scratch, {args: []});
    const result = await runIsleInit(scratch.bundle);
    expect(result.messages).toEqual([{v: 1, type: 'error', stage: 'config', errno: 0, message: 'process.args: must name the command to run'}]);
    expect(result.code).toBe(125);
  });

  it('keeps a /proc -> /etc symlink inside the rootfs', async () => {
    scratch = makeScratch();
    symlinkSync('/etc', join(scratch.rootfs, 'proc'));
    writeBundle(scratch, {args: ['sh', '-c', 'echo $$; grep -c . /etc/self/status >/dev/null && echo proc-at-etc']});
    const hostEtc = readdirSync('/etc').sort();
    const result = await runIsleInit(scratch.bundle);
    expect(result.stdout).toBe('1\nproc-at-etc\n');
    expect(lstatSync(join(scratch.rootfs, 'etc')).isDirectory()).toBe(true);
    expect(readdirSync('/etc').sort()).toEqual(hostEtc);
  });

  it('resolves mount destinations through absolute symlinks inside the rootfs only', async () => {
    scratch = makeScratch();
    const hostDir = mkdtempSync(join(tmpdir(), 'isle-escape-'));
    extraCleanups.push(() => rmSync(hostDir, {recursive: true, force: true}));
    symlinkSync(hostDir, join(scratch.rootfs, 'mnt'));
    symlinkSync('/', join(scratch.rootfs, 'up'));
    const mounts = [
      ...DEFAULT_MOUNTS,
      {destination: '/mnt/sub', type: 'tmpfs', source: 'tmpfs'},
      {destination: '/up/isle-escape-probe', type: 'tmpfs', source: 'tmpfs'},
    ];
    writeBundle(scratch, {args: ['sh', '-c', 'exit 0'], mounts});
    const result = await runIsleInit(scratch.bundle);
    expect(last(result)).toEqual({v: 1, type: 'exit', exitCode: 0});
    expect(existsSync(join(hostDir, 'sub'))).toBe(false);
    expect(existsSync('/isle-escape-probe')).toBe(false);
    expect(existsSync(join(scratch.rootfs, hostDir, 'sub'))).toBe(true);
    expect(existsSync(join(scratch.rootfs, 'isle-escape-probe'))).toBe(true);
  });

  it('leaves nothing behind when the control plane closes the socket before start', async () => {
    scratch = makeScratch();
    writeBundle(scratch, {args: ['sleep', '1000']});
    let initPid = 0;
    const result = await runIsleInit(scratch.bundle, {
      onReady: (pid, sync) => {
        initPid = pid;
        sync.end();
        return false;
      },
    });
    expect(result.code).toBe(125);
    expect(initPid).toBeGreaterThan(0);
    expect(processExists(initPid)).toBe(false);
  });

  it('refuses anything but start', async () => {
    scratch = makeScratch();
    writeBundle(scratch, {args: ['sleep', '1000']});
    let initPid = 0;
    const result = await runIsleInit(scratch.bundle, {
      onReady: (pid, sync) => {
        initPid = pid;
        sync.write('{"v":1,"type":"started"}\n');
        return false;
      },
    });
    expect(last(result)).toMatchObject({type: 'error', stage: 'sync'});
    expect(result.code).toBe(125);
    expect(processExists(initPid)).toBe(false);
  });
});
