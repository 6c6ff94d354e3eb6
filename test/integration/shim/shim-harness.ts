import {execFileSync, spawn} from 'node:child_process';
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync} from 'node:fs';
import {connect, type Socket} from 'node:net';
import {join} from 'node:path';
import {makeScratch, runtimeDir, type Scratch} from '../runtime/harness.js';

/**
 * Drives build/isle-shim the way the control plane does (see shim-contract / PROTOCOL.md "isle-shim"): the CLI's
 * directories in a scratch dir, the handshake on fd 3, then attach frames on the same socket. Everything waits
 * for a message, a frame, a file or a process state — never for a timer alone.
 */
export const isleShim = join(runtimeDir, 'build', 'isle-shim');

export function buildIsleShim(): void {
  execFileSync('make', ['-s', '-C', runtimeDir, 'build/isle-shim'], {stdio: 'inherit'});
}

export const FRAME = {STDIN: 1, STDOUT: 2, STDERR: 3, RESIZE: 4, CLOSE_STDIN: 5, CONTROL: 6} as const;

export interface Frame {
  kind: number;
  payload: Buffer;
}

export function encodeFrame(kind: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(5);
  header.writeUInt8(kind, 0);
  header.writeUInt32BE(body.length, 1);
  return Buffer.concat([header, body]);
}

/** Collects frames from a socket; waitFor resolves when a predicate over everything received holds. */
export class FrameReader {
  frames: Frame[] = [];
  closed = false;
  private pending = Buffer.alloc(0);
  private waiters: Array<() => void> = [];

  constructor(readonly socket: Socket, initial: Buffer = Buffer.alloc(0)) {
    socket.on('data', (chunk: Buffer) => this.push(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
    if (initial.length > 0) this.push(initial);
  }

  private push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 5 && this.pending.length >= 5 + this.pending.readUInt32BE(1)) {
      const length = this.pending.readUInt32BE(1);
      this.frames.push({kind: this.pending[0]!, payload: this.pending.subarray(5, 5 + length)});
      this.pending = this.pending.subarray(5 + length);
    }
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  text(kind: number): string {
    return Buffer.concat(this.frames.filter((f) => f.kind === kind).map((f) => f.payload)).toString();
  }

  controls(): Array<Record<string, unknown>> {
    return this.frames.filter((f) => f.kind === FRAME.CONTROL).map((f) => JSON.parse(f.payload.toString()) as Record<string, unknown>);
  }

  async waitFor(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (this.closed) throw new Error(`socket closed while waiting for ${what}; frames: ${JSON.stringify(this.frames.map((f) => [f.kind, f.payload.toString()]))}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }
}

export interface ShimDirs {
  scratch: Scratch;
  persistent: string; // <root>/containers/<id>/
  runtime: string; // <runRoot>/containers/<id>/
  logFile: string;
  exitFile: string;
}

/** The directories the CLI creates before it spawns the shim, over a busybox bundle. */
export function makeShimDirs(): ShimDirs {
  const scratch = makeScratch();
  const persistent = join(scratch.dir, 'root', 'containers', 'c1');
  const runtime = join(scratch.dir, 'run', 'containers', 'c1');
  mkdirSync(persistent, {recursive: true});
  mkdirSync(runtime, {recursive: true});
  return {scratch, persistent, runtime, logFile: join(persistent, 'container.log'), exitFile: join(persistent, 'exit.json')};
}

export interface Shim {
  firstExit: number | null;
  sync: Socket;
  /** The detached shim (found by its --state-dir), while it waits for start; 0 once it is gone. */
  waiting: number;
  spawned?: {pid: number; shimPid: number; shimStartTime: number};
  started?: {pid: number};
  error?: {stage: string; message: string};
  frames?: FrameReader;
}

/**
 * Spawns isle-shim with the handshake on fd 3 and resolves once its first process exited: the shim has forked
 * away and waits for start, having touched nothing (or, given a bad command line, wrote an error and left).
 */
export async function spawnShim(dirs: ShimDirs, extra: string[] = []): Promise<Shim> {
  const args = ['--id', 'c1', '--bundle', dirs.scratch.bundle, '--state-dir', dirs.runtime, '--log-file', dirs.logFile,
    '--exit-file', dirs.exitFile, '--sync-fd', '3', ...extra];
  const child = spawn(isleShim, args, {stdio: ['ignore', 'ignore', 'ignore', 'pipe']});
  const sync = child.stdio[3] as Socket;
  sync.on('error', () => {});
  // Node resumes an unread stdio stream once the child exits; what came before start is kept here.
  let early = '';
  const collect = (chunk: Buffer): void => {
    early += chunk.toString();
  };
  sync.on('data', collect);
  const firstExit = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  if (firstExit !== 0) {
    if (!sync.closed) await new Promise((resolve) => sync.once('close', resolve));
    return {firstExit, sync, waiting: 0, error: JSON.parse(early.split('\n')[0]!) as Shim['error']};
  }
  sync.off('data', collect);
  sync.pause();
  if (early !== '') throw new Error(`the shim spoke before start: ${early}`);
  return {firstExit, sync, waiting: shimWaitingFor(dirs)};
}

/** The shim process whose command line names this scratch's runtime dir. */
function shimWaitingFor(dirs: ShimDirs): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv[0] === isleShim && argv.includes(dirs.runtime)) return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return 0;
}

/** Reads one '\n'-terminated line from the socket, leaving the rest unshifted back into the stream. */
export function readLine(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffered = Buffer.concat([buffered, chunk]);
      const nl = buffered.indexOf(10);
      if (nl < 0) return;
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.pause();
      if (nl + 1 < buffered.length) socket.unshift(buffered.subarray(nl + 1));
      resolve(buffered.subarray(0, nl).toString());
    };
    const onClose = (): void => reject(new Error(`socket closed before a line (got ${buffered.toString()})`));
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.resume();
  });
}

/** Sends start, reads "spawned" and "started", and turns the sync socket into a frame reader. */
export async function startShim(shim: Shim): Promise<Shim> {
  shim.sync.write('{"v":1,"type":"start"}\n');
  let line = await readLine(shim.sync);
  let message = JSON.parse(line) as {type: string; pid: number; shimPid: number; shimStartTime: number; stage: string; message: string};
  if (message.type === 'spawned') {
    shim.spawned = {pid: message.pid, shimPid: message.shimPid, shimStartTime: message.shimStartTime};
    line = await readLine(shim.sync);
    message = JSON.parse(line) as typeof message;
  }
  if (message.type === 'error') {
    shim.error = message;
    return shim;
  }
  if (message.type !== 'started') throw new Error(`expected started, got ${line}`);
  shim.started = {pid: message.pid};
  shim.frames = new FrameReader(shim.sync);
  shim.sync.resume();
  return shim;
}

/** A second client, through /proc/self/fd/N/attach.sock as the contract says. */
export async function attach(dirs: ShimDirs): Promise<FrameReader> {
  const dirFd = openSync(dirs.runtime, 'r');
  try {
    const socket = connect({path: `/proc/self/fd/${dirFd}/attach.sock`});
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new FrameReader(socket);
  } finally {
    closeSync(dirFd);
  }
}

export function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

export function alive(pid: number): boolean {
  if (pid <= 0) return false;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

export function procStatus(pid: number, field: string): string | undefined {
  try {
    return new RegExp(`^${field}:\\s*(.*)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

/** Polls a condition on the system (a process gone, a file written), bounded. */
export async function until(what: string, predicate: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The shim's pid from shim.json (written right after "started"), 0 before it exists. */
export function shimPid(dirs: ShimDirs): number {
  const file = join(dirs.runtime, 'shim.json');
  return existsSync(file) ? (readJson(file).shimPid as number) : 0;
}

export function killQuietly(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  try {
    if (pid > 0) process.kill(pid, signal);
  } catch {
    // already gone
  }
}
