import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {Socket} from 'node:net';

/**
 * Drives build/isle-init the way the control plane does: config.json bundles over a busybox rootfs, and the
 * two-phase handshake on fd 3. Everything is awaited on messages and exits, never on timers.
 */
export const runtimeDir = join(import.meta.dirname, '..', '..', '..', 'runtime-c');
export const isleInit = join(runtimeDir, 'build', 'isle-init');

export function buildIsleInit(): void {
  execFileSync('make', ['-s', '-C', runtimeDir, 'build/isle-init'], {stdio: 'inherit'});
}

const APPLETS = ['sh', 'echo', 'cat', 'ls', 'hostname', 'ps', 'id', 'grep', 'sleep', 'test', 'touch', 'stat', 'wc', 'kill', 'mkdir', 'mknod', 'head'];

export interface Scratch {
  dir: string;
  rootfs: string;
  bundle: string;
  cleanup(): void;
}

/** A temp dir holding bundle/ with an empty rootfs/ skeleton plus /bin/busybox and its applet links. */
export function makeScratch(): Scratch {
  const dir = mkdtempSync(join(tmpdir(), 'isle-init-it-'));
  const bundle = join(dir, 'bundle');
  const rootfs = join(bundle, 'rootfs');
  mkdirSync(join(rootfs, 'bin'), {recursive: true});
  copyFileSync('/bin/busybox', join(rootfs, 'bin', 'busybox'));
  chmodSync(join(rootfs, 'bin', 'busybox'), 0o755);
  for (const applet of APPLETS) symlinkSync('busybox', join(rootfs, 'bin', applet));
  return {dir, rootfs, bundle, cleanup: () => rmSync(dir, {recursive: true, force: true})};
}

export interface Mount {
  destination: string;
  type?: string;
  source?: string;
  options?: string[];
}

export const DEFAULT_MOUNTS: Mount[] = [
  {destination: '/proc', type: 'proc', source: 'proc'},
  {destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k']},
  {destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620']},
  {destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k']},
  {destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro']},
];

export interface BundleOptions {
  args: string[];
  hostname?: string;
  mounts?: Mount[];
  maskedPaths?: string[];
  readonlyPaths?: string[];
  /** Replaces the default bounding/effective/permitted set. */
  capabilities?: string[];
  /** linux.resources.devices; absent by default (then isle-shim attaches no device filter). */
  deviceRules?: Array<{allow: boolean; type?: 'a' | 'c' | 'b'; major?: number; minor?: number; access?: string}>;
}

const DEFAULT_CAPABILITIES = ['CAP_CHOWN', 'CAP_KILL', 'CAP_SETUID', 'CAP_SETGID'];

export function writeBundle(scratch: Scratch, options: BundleOptions): void {
  const config = {
    ociVersion: '1.0.2',
    process: {
      terminal: false,
      args: options.args,
      env: ['PATH=/bin', 'HOME=/'],
      cwd: '/',
      capabilities: {
        bounding: options.capabilities ?? DEFAULT_CAPABILITIES,
        effective: options.capabilities ?? DEFAULT_CAPABILITIES,
        permitted: options.capabilities ?? DEFAULT_CAPABILITIES,
      },
      rlimits: [{type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024}],
      noNewPrivileges: true,
    },
    root: {path: 'rootfs', readonly: false},
    hostname: options.hostname ?? 'isle-test',
    mounts: options.mounts ?? DEFAULT_MOUNTS,
    linux: {
      namespaces: [{type: 'pid'}, {type: 'network'}, {type: 'ipc'}, {type: 'uts'}, {type: 'mount'}, {type: 'cgroup'}],
      maskedPaths: options.maskedPaths ?? ['/proc/kcore', '/proc/keys', '/proc/timer_list', '/sys/firmware'],
      readonlyPaths: options.readonlyPaths ?? ['/proc/sys', '/proc/sysrq-trigger', '/proc/bus'],
      ...(options.deviceRules ? {resources: {devices: options.deviceRules}} : {}),
    },
  };
  writeFileSync(join(scratch.bundle, 'config.json'), JSON.stringify(config));
}

export type Message =
  | {v: 1; type: 'ready'; pid: number}
  | {v: 1; type: 'started'}
  | {v: 1; type: 'error'; stage: string; errno: number; message: string}
  | {v: 1; type: 'exit'; exitCode?: number; signal?: number};

export interface RunResult {
  messages: Message[];
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunHooks {
  /** Called on "ready"; return false to withhold "start" (the hook then drives the socket itself). */
  onReady?(pid: number, sync: Socket): boolean | void;
  onStarted?(pid: number): void;
  /** Called with everything the container printed so far, and the isle-init process (to signal it). */
  onStdout?(text: string, monitor: ChildProcess): void;
}

export const START_LINE = '{"v":1,"type":"start"}\n';

/** Run isle-init with the handshake on fd 3; resolves when it has exited and every pipe is drained. */
export function runIsleInit(bundle: string, hooks: RunHooks = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(isleInit, ['--bundle', bundle, '--sync-fd', '3'], {stdio: ['ignore', 'pipe', 'pipe', 'pipe']});
    const sync = child.stdio[3] as Socket;
    const messages: Message[] = [];
    let stdout = '';
    let stderr = '';
    let pending = '';
    let pid = 0;
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      hooks.onStdout?.(stdout, child);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    sync.setEncoding('utf8');
    sync.on('error', () => {}); // the test may close it on purpose
    sync.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const message = JSON.parse(pending.slice(0, newline)) as Message;
        pending = pending.slice(newline + 1);
        messages.push(message);
        if (message.type === 'ready') {
          pid = message.pid;
          if (hooks.onReady?.(pid, sync) !== false) sync.write(START_LINE);
        } else if (message.type === 'started') {
          hooks.onStarted?.(pid);
        }
      }
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({messages, code, stdout, stderr}));
  });
}

/** The last message, which for a finished run is "exit" or "error". */
export function last(result: RunResult): Message | undefined {
  return result.messages.at(-1);
}
