import {spawn} from 'node:child_process';
import {closeSync, existsSync, mkdtempSync, openSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it, onTestFinished} from 'vitest';
import {cliPath, containerNamer, inspect, islander, testRoot, until} from '../helpers.js';

const named = containerNamer();

describe('islander run: the isolated process', () => {
  it('streams stdout and returns the container exit code', async () => {
    const result = await islander(['run', '--rm', 'alpine-stress', 'sh', '-c', 'echo out; echo err >&2; exit 3']);
    expect(result).toMatchObject({exitCode: 3, stdout: 'out\n', stderr: 'err\n'});
  });

  it('is PID 1 with its own hostname, sees only its own processes and only loopback (up)', async () => {
    const result = await islander(['run', '--rm', '-h', 'isle-test', 'alpine-stress', 'sh', '-c',
      'echo pid=$$; hostname; ls /proc | grep -c "^[0-9]"; tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "; ip link show lo | grep -c "UP"']);
    expect(result.exitCode).toBe(0);
    const [pid, hostname, processes, ...rest] = result.stdout.trim().split('\n');
    expect(pid).toBe('pid=1');
    expect(hostname).toBe('isle-test');
    // sh, ls, grep (and the pipe's subshell at most): nothing of the host's.
    expect(Number(processes)).toBeLessThanOrEqual(4);
    expect(rest.slice(0, -1)).toEqual(['lo']);
    expect(Number(rest.at(-1))).toBeGreaterThanOrEqual(1);
  });

  it("cannot see or write the host's files, and its writes never reach the image", async () => {
    const hostDir = mkdtempSync('/tmp/islander-host-');
    writeFileSync(join(hostDir, 'secret'), 'host data');
    try {
      const result = await islander(['run', '--rm', 'alpine-stress', 'sh', '-c',
        `cat ${hostDir}/secret 2>/dev/null && echo LEAK; echo changed > /etc/passwd; echo x > /new-file; mount 2>&1 | head -1 >/dev/null; ls /host 2>/dev/null; echo done`]);
      expect(result.stdout).not.toContain('LEAK');
      expect(result.stdout).toContain('done');
      const layers = join(testRoot(), 'images', 'layers');
      const stored = readdirSync(layers).filter((entry) => /^[0-9a-f]{64}$/.test(entry));
      expect(stored.length).toBeGreaterThan(0);
      for (const diffId of stored) expect(existsSync(join(layers, diffId, 'root', 'new-file'))).toBe(false);
      const again = await islander(['run', '--rm', 'alpine-stress', 'sh', '-c', 'head -1 /etc/passwd; ls /new-file 2>&1']);
      expect(again.stdout).toMatch(/^root:/);
      expect(again.stdout).toContain('No such file');
    } finally {
      rmSync(hostDir, {recursive: true, force: true});
    }
  });

  it('has /proc, a read-only /sys, the default devices and masked paths', async () => {
    const result = await islander(['run', '--rm', 'alpine-stress', 'sh', '-c',
      'ls /dev/null /dev/zero /dev/full /dev/random /dev/urandom /dev/tty /dev/pts /dev/shm >/dev/null && echo devices; touch /sys/x 2>/dev/null || echo sys-ro; wc -c < /proc/timer_list; test -r /proc/self/status && echo proc']);
    expect(result.stdout.split('\n')).toEqual(['devices', 'sys-ro', '0', 'proc', '']);
  });

  it('passes -e, -w and stdin with -i', async () => {
    const result = await islander(['run', '--rm', '-i', '-e', 'GREETING=hi', '-w', '/tmp', 'alpine-stress', 'sh', '-c', 'echo $GREETING; pwd; cat'], {input: 'from stdin\n'});
    expect(result).toMatchObject({exitCode: 0, stdout: 'hi\n/tmp\nfrom stdin\n'});
  });

  it('takes --env-file (under -e), --entrypoint and -l/--label as docker run does, through the installed bin', async () => {
    const dir = mkdtempSync('/tmp/islander-envfile-');
    onTestFinished(() => rmSync(dir, {recursive: true, force: true}));
    const envFile = join(dir, 'app.env');
    writeFileSync(envFile, '# settings\nA=from-file\nB=two words\n\nCOPIED\n');
    const name = named('labelled');
    // The executable itself, as a user runs it: its shebang keeps Node from reading our --env-file as its own.
    const run = await execBin(['run', '--name', name, '--env-file', envFile, '-e', 'A=from-flag', '-l', 'app=shop', '--label', 'tier',
      '--entrypoint', 'sh', 'alpine-stress', '-c', 'echo "$A|$B|$COPIED"'], {env: {COPIED: 'from-caller'}});
    expect(run).toMatchObject({code: 0, stdout: 'from-flag|two words|from-caller\n'});
    const config = (await inspect(name)).Config as unknown as {Entrypoint: string[]; Cmd: string[]; Labels: Record<string, string>};
    expect(config).toMatchObject({Entrypoint: ['sh'], Cmd: ['-c', 'echo "$A|$B|$COPIED"'], Labels: {app: 'shop', tier: ''}});
    expect(await execBin(['run', '--rm', '--env-file', join(dir, 'missing.env'), 'alpine-stress', 'true'], {}))
      .toEqual({code: 125, stdout: '', stderr: `islander: cannot read --env-file '${join(dir, 'missing.env')}': no such file\n`});
  });

  it('adds and drops capabilities as --cap-add/--cap-drop say, for exec too, and refuses an unknown one', async () => {
    const name = named('caps');
    const run = await islander(['run', '--name', name, '--cap-add', 'net_admin', '--cap-drop', 'CHOWN', 'alpine-stress', 'sh', '-c',
      'chown 1 /tmp 2>/dev/null || echo no-chown; ip link set lo mtu 1400 && echo net-admin']);
    expect(run).toMatchObject({exitCode: 0, stdout: 'no-chown\nnet-admin\n'});
    expect((await inspect(name)).HostConfig).toMatchObject({CapAdd: ['CAP_NET_ADMIN'], CapDrop: ['CAP_CHOWN']});
    const none = await islander(['run', '--rm', '--cap-drop', 'ALL', 'alpine-stress', 'sh', '-c', 'grep CapEff /proc/self/status']);
    expect(none.stdout).toBe('CapEff:\t0000000000000000\n');
    const detached = named('caps-exec');
    expect((await islander(['run', '-d', '--name', detached, '--cap-drop', 'ALL', '--cap-add', 'KILL', 'alpine-stress', 'sleep', '60'])).exitCode).toBe(0);
    expect((await islander(['exec', detached, 'sh', '-c', 'grep CapEff /proc/self/status'])).stdout).toBe('CapEff:\t0000000000000020\n');
    expect((await islander(['run', '--rm', '--cap-add', 'FLY', 'alpine-stress', 'true'])).stderr).toMatch(/^islander: unknown capability 'FLY' in --cap-add/);
  });

  it('applies --ulimit (for exec too), --shm-size and namespaced --sysctl, and shows them in inspect', async () => {
    const name = named('limited');
    const run = await islander(['run', '-d', '--name', name, '--ulimit', 'nofile=512:1024', '--ulimit', 'core=-1', '--shm-size', '1m',
      '--sysctl', 'kernel.shmmax=123456', '--sysctl', 'net.ipv4.ip_forward=1', 'alpine-stress', 'sleep', '60']);
    expect(run.exitCode).toBe(0);
    const inside = await islander(['exec', name, 'sh', '-c',
      'ulimit -n; ulimit -Hn; ulimit -c; df -k /dev/shm | tail -1 | tr -s " " | cut -d" " -f2; cat /proc/sys/kernel/shmmax /proc/sys/net/ipv4/ip_forward']);
    expect(inside).toMatchObject({exitCode: 0, stdout: '512\n1024\nunlimited\n1024\n123456\n1\n'});
    expect((await inspect(name)).HostConfig).toMatchObject({
      Ulimits: [{Name: 'nofile', Soft: 512, Hard: 1024}, {Name: 'core', Soft: -1, Hard: -1}],
      ShmSize: 1048576,
      Sysctls: {'kernel.shmmax': '123456', 'net.ipv4.ip_forward': '1'},
    });
    expect((await islander(['run', '--rm', '--sysctl', 'vm.swappiness=1', 'alpine-stress', 'true'])).stderr).toMatch(/^islander: --sysctl vm.swappiness is not namespaced/);
  });

  it('stops with the container\'s --stop-signal, and kills after its --stop-timeout', async () => {
    const polite = named('stop-signal');
    expect((await islander(['run', '-d', '--name', polite, '--stop-signal', 'USR1', 'alpine-stress', 'sh', '-c',
      'trap "echo got-usr1; exit 7" USR1; echo ready; while :; do sleep 0.1; done'])).exitCode).toBe(0);
    await until(async () => (await islander(['logs', polite])).stdout.includes('ready'), 15_000, 'the trap to be set');
    expect((await islander(['stop', polite])).exitCode).toBe(0);
    expect((await inspect(polite)).State).toMatchObject({Status: 'exited', ExitCode: 7});
    expect((await islander(['logs', polite])).stdout).toBe('ready\ngot-usr1\n');

    const stubborn = named('stop-timeout');
    expect((await islander(['run', '-d', '--name', stubborn, '--stop-timeout', '1', 'alpine-stress', 'sh', '-c',
      'trap "" TERM; echo ready; while :; do sleep 0.1; done'])).exitCode).toBe(0);
    await until(async () => (await islander(['logs', stubborn])).stdout.includes('ready'), 15_000, 'the trap to be set');
    expect((await islander(['stop', stubborn])).exitCode).toBe(0);
    expect((await inspect(stubborn)).State).toMatchObject({Status: 'exited', ExitCode: 137});
    expect((await inspect(stubborn)).Config).toMatchObject({StopSignal: 'SIGTERM', StopTimeout: 1});
  });

  it('writes --add-host into /etc/hosts and --dns, --dns-search, --dns-option into /etc/resolv.conf, in place of the host\'s', async () => {
    const result = await islander(['run', '--rm', '--add-host', 'db.local:10.0.0.5', '--dns', '192.0.2.53', '--dns-search', 'corp.example',
      '--dns-option', 'ndots:2', 'alpine-stress', 'sh', '-c', 'tail -n 1 /etc/hosts; echo ---; grep -E "^(nameserver|search|domain|options)" /etc/resolv.conf']);
    expect(result).toMatchObject({exitCode: 0, stdout: '10.0.0.5\tdb.local\n---\nnameserver 192.0.2.53\nsearch corp.example\noptions ndots:2\n'});
  });

  it('creates a -w directory the image lacks, as Docker does: root\'s, 0755, open to another user, on a read-only rootfs too', async () => {
    const result = await islander(['run', '--rm', '--read-only', '-u', '1234', '-w', '/made/for/work', 'alpine-stress', 'sh', '-c',
      'pwd; stat -c "%u %a" /made /made/for/work']);
    expect(result).toMatchObject({exitCode: 0, stdout: '/made/for/work\n0 755\n0 755\n', stderr: ''});
  });

  it('gives the process a terminal with -t', async () => {
    const result = await islander(['run', '--rm', '-t', 'alpine-stress', 'sh', '-c', '[ -t 1 ] && echo tty']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.replace(/\r/g, '')).toBe('tty\n');
  });

  it('exits 127 for a missing command and 126 for one that is not executable, in one line', async () => {
    const missing = await islander(['run', '--rm', 'alpine-stress', 'no-such-command']);
    expect(missing.exitCode).toBe(127);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toContain("'no-such-command' was not found");
    const notExecutable = await islander(['run', '--rm', 'alpine-stress', '/etc/passwd']);
    expect(notExecutable.exitCode).toBe(126);
    expect(notExecutable.stderr).toContain('cannot be executed');
  });

  it('mounts the rootfs of a --rm container volatile (its writes are thrown away), and of others not', async () => {
    const rootMount = "grep '^overlay / ' /proc/mounts";
    expect((await islander(['run', '--rm', 'alpine-stress', 'sh', '-c', rootMount])).stdout).toContain('volatile');
    const name = named('durable');
    const kept = await islander(['run', '--name', name, 'alpine-stress', 'sh', '-c', rootMount]);
    await islander(['rm', name]);
    expect(kept.stdout).toMatch(/^overlay \/ overlay /);
    expect(kept.stdout).not.toContain('volatile');
  });

  it('keeps a container without --rm until rm, and shows it in ps -a and inspect', async () => {
    const name = named('keep');
    expect((await islander(['run', '--name', name, 'alpine-stress', 'sh', '-c', 'exit 4'])).exitCode).toBe(4);
    const ps = await islander(['ps', '-a', '--format', 'json']);
    const row = (JSON.parse(ps.stdout) as Array<{Names: string[]; State: string; ExitCode: number}>).find((c) => c.Names[0] === name);
    expect(row).toMatchObject({State: 'exited', ExitCode: 4});
    const details = await inspect(name);
    expect(details.State).toMatchObject({Status: 'exited', Running: false, ExitCode: 4, OOMKilled: false});
    expect(details.Name).toBe(`/${name}`);
    expect((await islander(['run', '--name', name, 'alpine-stress', 'true'])).stderr).toContain('already in use');
    expect((await islander(['rm', name])).exitCode).toBe(0);
    expect((await islander(['inspect', name])).exitCode).toBe(125);
    expect(existsSync(join(testRoot(), 'containers', details.Id))).toBe(false);
  });
});

describe('islander run: the root filesystem for other users', () => {
  it("lets a non-root process read the image's files (/ is 0755)", async () => {
    const result = await islander(['run', '--rm', 'alpine-stress', 'sh', '-c', 'stat -c %a /; su nobody -s /bin/sh -c "cat /etc/hostname >/dev/null && ls /etc >/dev/null && echo readable"']);
    expect(result.stdout).toBe('755\nreadable\n');
  });
});

describe('islander run: stdin the container never reads', () => {
  it('keeps the output and the exit code when the container exits before our stdin is written (EPIPE race)', async () => {
    const input = 'x'.repeat(200_000);
    for (let round = 0; round < 5; round++) {
      const result = await islander(['run', '--rm', '-i', 'alpine-stress', 'sh', '-c', 'echo out; exit 4'], {input});
      expect(result).toMatchObject({exitCode: 4, stdout: 'out\n', stderr: ''});
    }
  });
});

describe('islander run: output to a reader that goes away', () => {
  it('exits 141 without a word when its stdout is closed (| head), leaving the container to its shim', async () => {
    const name = named('piped');
    // It prints until it is removed, so the CLI can only end on the closed pipe, however slow the machine.
    const child = spawn(process.execPath, [cliPath, 'run', '--rm', '--name', name, 'alpine-stress', 'sh', '-c', 'while :; do echo line; sleep 0.1; done'],
      {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // What `head -1` does: read the first line, then close the pipe.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({code, stderr}).toEqual({code: 141, stderr: ''});
    expect((await inspect(name)).State.Running).toBe(true);
    expect((await islander(['rm', '-f', name])).exitCode).toBe(0);
  });

  it('says in one line that its stdout could not be written (a full disk) and exits 125, however the output and exit arrive', async () => {
    // `echo` exits at once: its output and its exit often reach the CLI in one read, before the write's error event.
    for (const command of [['echo', 'hi'], ['sh', '-c', 'echo hi; sleep 0.2']]) {
      const name = named('full');
      const {code, stderr} = await islanderToFullDisk(['run', '--rm', '--name', name, 'alpine-stress', ...command]);
      expect(code).toBe(125);
      expect(stderr).toMatch(new RegExp(`^islander: could not write the output of container ${name} \\(ENOSPC\\)[^\\n]*\\n$`));
      await islander(['rm', '-f', name]); // the shim may have removed it already (--rm)
    }
  });

  it('other commands say it too: ps and logs to a full disk exit 125 with one line, no stack trace', async () => {
    const name = named('logged');
    expect((await islander(['run', '--name', name, 'alpine-stress', 'echo', 'hello'])).exitCode).toBe(0);
    for (const args of [['ps', '-a'], ['logs', name]]) {
      expect(await islanderToFullDisk(args)).toEqual({code: 125, stderr: 'islander: could not write the output (ENOSPC); check where it goes: a full disk, a closed terminal\n'});
    }
    expect((await islander(['rm', name])).exitCode).toBe(0);
  });
});

/** The CLI with its stdout on /dev/full, where every write fails with ENOSPC. */
async function islanderToFullDisk(args: string[]): Promise<{code: number | null; stderr: string}> {
  const full = openSync('/dev/full', 'w');
  try {
    const {code, stderr} = await execBin(args, {stdout: full});
    return {code, stderr};
  } finally {
    closeSync(full);
  }
}

describe('islander run: output to a slow reader', () => {
  it('delivers every byte to a reader slow at the end, though the CLI exits without tearing Node down', async () => {
    // 3 MB is far more than a pipe holds: the CLI must wait for the reader before it exits (main.ts).
    const child = spawn(process.execPath, [cliPath, 'run', '--rm', 'alpine-stress', 'sh', '-c', 'head -c 3000000 /dev/zero; echo end >&2'],
      {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: ['ignore', 'pipe', 'pipe']});
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A reader that sips the last megabyte: the container has long exited, and the CLI holds output it must not drop.
    let received = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received < 2_000_000) return;
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 20);
    });
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect({code, received, stderr}).toEqual({code: 0, received: 3_000_000, stderr: 'end\n'});
  });
});

/** The CLI run as its executable (bin/islander.cjs and its shebang), as a user's shell runs it. */
function execBin(args: string[], options: {env?: NodeJS.ProcessEnv; stdout?: number}): Promise<{code: number | null; stdout: string; stderr: string}> {
  const child = spawn(cliPath, args, {env: {...process.env, ISLANDER_ROOT: testRoot(), ...options.env}, stdio: ['ignore', options.stdout ?? 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({code, stdout, stderr})));
}
