import type {ChildProcess} from 'node:child_process';
import type {Socket} from 'node:net';
import {rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {cgroupDriver} from '../cgroups/index.js';
import {selfJoinFiles} from '../cgroups/join.js';
import {IslanderError, isErrno, usageError} from '../errors.js';
import {libexecPath, type StorePaths} from '../paths.js';
import {startProcess} from '../process/spawn.js';
import {DEFAULT_CAPABILITIES} from '../runtime/bundle.js';
import {describeStartFailure} from '../runtime/errors.js';
import type {OciProcess, OciSpec} from '../runtime/oci.js';
import {LineSplitter, parseMessage, ProtocolError, type RuntimeMessage} from '../runtime/protocol.js';
import {ensureDir, readJsonIfExists} from '../util/atomic.js';
import {randomBytesFromKernel} from '../util/random.js';
import {reconcile} from './reconcile.js';
import type {ContainerRecord} from './record.js';
import {mergeEnv} from './spec.js';
import {containerDirs, resolveContainer} from './store.js';

/**
 * `islander exec`: one more process inside a running isle, with Docker's semantics. The control plane decides
 * everything (environment, working directory, user, capabilities) and writes it as an OCI `process` object;
 * isle-exec (runtime-c/PROTOCOL.md, "isle-exec") joins the container's namespaces and cgroups, resolves user
 * and group names inside the container (Node cannot open the container's /etc/passwd without following its
 * symlinks out of the rootfs: no RESOLVE_IN_ROOT), and runs it.
 */
export interface ExecOptions {
  container: string;
  command: string[];
  interactive: boolean;
  tty: boolean;
  detach: boolean;
  env: string[];
  workdir?: string;
  user?: string;
}

/** process.user as isle-exec reads it: numeric ids, or names (Islander's extension) resolved in the container. */
export interface ExecUser {
  uid: number;
  gid?: number;
  username?: string;
  groupname?: string;
}

export type ExecProcess = Omit<OciProcess, 'user'> & {user: ExecUser};

const MAX_ID = 0xfffffffe;
const ESRCH = 3;
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'];

/**
 * The host pid of the container's init while it runs, or 0. The one place exec learns it, so it can follow the
 * running state wherever it is kept.
 */
export function runningPid(paths: StorePaths, record: ContainerRecord): number {
  void paths; // the running state moves to a file under the run root; the record holds it until then
  return record.state.status === 'running' ? record.state.pid : 0;
}

/** Docker's `-u`: `user`, `user:group`, `uid`, `uid:gid` (names and numbers mixed freely). */
export function parseUser(spec: string): ExecUser {
  const [user = '', group, extra] = spec.split(':');
  if (user === '' || group === '' || extra !== undefined || /[\s\0]/.test(spec)) {
    throw usageError(`invalid user '${spec}': use NAME, UID, NAME:GROUP or UID:GID`);
  }
  const result: ExecUser = {uid: 0};
  const uid = numericId(user);
  if (uid === undefined) result.username = user;
  else result.uid = uid;
  if (group !== undefined) {
    const gid = numericId(group);
    if (gid === undefined) result.groupname = group;
    else result.gid = gid;
  }
  return result;
}

function numericId(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const id = Number(text);
  if (id > MAX_ID) throw usageError(`invalid user id '${text}': at most ${MAX_ID}`);
  return id;
}

/** The process exec runs, from the container's configuration and the flags (validated before anything runs). */
export function buildExecProcess(record: ContainerRecord, bundleProcess: OciProcess | undefined, options: ExecOptions): ExecProcess {
  if (options.command.length === 0) throw usageError('no command given', `add one: islander exec ${options.container} COMMAND`);
  const cwd = options.workdir ?? (record.config.workingDir || '/');
  if (!cwd.startsWith('/')) throw usageError(`the working directory '${cwd}' must be an absolute path`);
  const env = mergeEnv(record.config.env, options.env, process.env);
  // Docker gives a terminal a TERM; a -e TERM=... still wins.
  if (options.tty && !env.some((entry) => entry.startsWith('TERM='))) env.push('TERM=xterm');
  return {
    terminal: options.tty,
    args: options.command,
    env,
    cwd,
    user: parseUser(options.user || record.config.user || '0'),
    // The container's own privileges: what its init was given, Docker's defaults for older bundles.
    capabilities: bundleProcess?.capabilities ?? {bounding: DEFAULT_CAPABILITIES, effective: DEFAULT_CAPABILITIES, permitted: DEFAULT_CAPABILITIES},
    noNewPrivileges: bundleProcess?.noNewPrivileges ?? false,
    // And its --ulimit limits, as a process forked inside it would have.
    ...(bundleProcess?.rlimits ? {rlimits: bundleProcess.rlimits} : {}),
  };
}

/** Runs the command; resolves with its exit code (0 as soon as it started, with `detach`). */
export async function execInContainer(paths: StorePaths, options: ExecOptions): Promise<number> {
  const found = resolveContainer(paths, options.container);
  const record = await reconcile(paths, found);
  if (!record) throw new IslanderError('not-found', `no such container '${options.container}'`, {suggestion: "see 'islander ps -a'"});
  const pid = runningPid(paths, record);
  if (pid <= 0) throw notRunning(record);
  const bundle = readJsonIfExists<OciSpec>(join(containerDirs(paths, record.id).bundle, 'config.json'));
  const spec = buildExecProcess(record, bundle?.process, options);
  const driver = cgroupDriver();
  const cgroup = driver.open(record.id);
  const cgroupFiles = cgroup ? selfJoinFiles(driver, cgroup) : [];
  const processFile = writeProcessFile(paths, record, spec);
  try {
    return await runIsleExec({pid, processFile, cgroupFiles, record, options});
  } finally {
    rmSync(processFile, {force: true});
  }
}

function notRunning(record: ContainerRecord): IslanderError {
  const status = record.state.status;
  if (status === 'paused') return new IslanderError('conflict', `container '${record.name}' is paused`, {suggestion: 'unpause it first'});
  if (status === 'restarting') return new IslanderError('conflict', `container '${record.name}' is restarting`, {suggestion: 'wait until it runs'});
  return new IslanderError('conflict', `container '${record.name}' is not running`, {suggestion: 'start it first'});
}

/** A private hand-off file for isle-exec, which reads it before anything else (not state: no atomic write). */
function writeProcessFile(paths: StorePaths, record: ContainerRecord, spec: ExecProcess): string {
  const dir = join(paths.runRoot, 'exec');
  ensureDir(dir);
  const file = join(dir, `${record.id.slice(0, 12)}-${randomBytesFromKernel(6).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(spec), {flag: 'wx', mode: 0o600});
  return file;
}

interface IsleExecRun {
  pid: number;
  processFile: string;
  cgroupFiles: string[];
  record: ContainerRecord;
  options: ExecOptions;
}

/**
 * Drives isle-exec's sync fd: error | started → exit. Everything is decided in one place, when isle-exec has
 * closed, so there is one exit from the reader; with `detach` the answer is given at `started` and isle-exec
 * stays behind as the process's parent, reaping it.
 */
function runIsleExec(run: IsleExecRun): Promise<number> {
  const {options} = run;
  const binary = libexecPath('isle-exec');
  const args = ['--pid', String(run.pid), '--process', run.processFile, '--sync-fd', '3', ...run.cgroupFiles.flatMap((file) => ['--cgroup-join', file])];
  // Without a terminal isle-exec gets its own session, so a ^C reaches the process once, forwarded by us; with
  // one, the terminal is raw and ^C travels as a byte to the process's own pty.
  // The handlers go in before the spawn: the command may print (and be signalled for it) before Node has finished
  // wrapping the child's stdio, and a signal in that gap would end the CLI and leave the command running.
  let child: ChildProcess | undefined;
  const early: NodeJS.Signals[] = [];
  const forward = (signal: NodeJS.Signals): void => {
    if (options.tty && signal === 'SIGINT') return;
    if (child) child.kill(signal);
    else early.push(signal);
  };
  const stopForwarding = (): void => {
    for (const signal of FORWARDED_SIGNALS) process.off(signal, forward);
  };
  if (!options.detach) for (const signal of FORWARDED_SIGNALS) process.on(signal, forward);
  try {
    child = startProcess(binary, args, {
      stdio: options.detach ? ['ignore', 'ignore', 'ignore', 'pipe'] : [options.interactive ? 'inherit' : 'ignore', 'inherit', 'inherit', 'pipe'],
      detached: options.detach || !options.tty,
    });
  } catch (error) {
    stopForwarding();
    throw error;
  }
  for (const signal of early) child.kill(signal);
  const sync = child.stdio[3] as Socket;
  const splitter = new LineSplitter();
  let started = false;
  let failure: Extract<RuntimeMessage, {type: 'error'}> | undefined;
  let exit: Extract<RuntimeMessage, {type: 'exit'}> | undefined;
  let protocolError: ProtocolError | undefined;

  return new Promise<number>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => number): void => {
      if (settled) return;
      settled = true;
      stopForwarding();
      try {
        resolve(outcome());
      } catch (error) {
        reject(error);
      }
    };
    const handle = (message: RuntimeMessage): void => {
      // isle-exec has read the process file by the time it says anything.
      rmSync(run.processFile, {force: true});
      if (message.type === 'started') {
        started = true;
        if (options.detach) {
          // Leave isle-exec running on its own: it waits for the process and says `exit` to nobody.
          sync.destroy();
          child.unref();
          settle(() => 0);
        }
      } else if (message.type === 'error') failure = message;
      else if (message.type === 'exit') exit = message;
      else throw new ProtocolError(`isle-exec sent an unexpected '${message.type}' message`);
    };

    sync.setEncoding('utf8');
    sync.on('data', (chunk: string) => {
      if (protocolError) return;
      try {
        for (const line of splitter.push(chunk)) handle(parseMessage(line));
      } catch (error) {
        protocolError = error instanceof ProtocolError ? error : new ProtocolError(String(error));
        child.kill('SIGKILL');
      }
    });
    sync.on('error', () => {
      // isle-exec died; its exit status (below) tells the story.
    });
    child.once('error', (error) => settle(() => {
      if (isErrno(error, 'ENOENT')) throw new IslanderError('system', `the runtime binary ${binary} is missing`, {suggestion: "build it with 'make'"});
      throw new IslanderError('system', `could not start isle-exec: ${error.message}`, {cause: error});
    }));
    child.once('close', (code, signal) => settle(() => {
      if (protocolError) throw new IslanderError('runtime', protocolError.message, {cause: protocolError});
      if (failure) throw describeExecFailure(failure, run.record, options.command);
      if (exit) return exit.exitCode ?? 128 + (exit.signal ?? 0);
      const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
      if (!started) throw new IslanderError('runtime', `isle-exec ${how} before the command started`, {suggestion: 'run again with --debug'});
      throw new IslanderError('runtime', `isle-exec ${how} without reporting how the command ended`);
    }));
  });
}

const EXEC_HINTS: Record<string, string> = {
  setns: "check that the container still runs ('islander ps')",
  cgroup: "the container's cgroup could not be joined; check 'islander inspect' and the host's cgroup mounts",
  user: "check -u/--user against the container's /etc/passwd and /etc/group",
  pty: 'the container has no usable /dev/pts; run without -t',
};

/** isle-exec's structured failure as one sentence: 127/126 for a missing or non-executable command, else 125. */
export function describeExecFailure(failure: {stage: string; errno: number; message: string}, record: ContainerRecord, command: readonly string[]): IslanderError {
  if (failure.stage === 'setns' && failure.errno === ESRCH) return notRunning({...record, state: {...record.state, status: 'exited'}});
  const described = describeStartFailure(failure, command);
  if (described.code !== 'runtime' || failure.stage === 'cwd') return described;
  return new IslanderError('runtime', `could not run '${command[0] ?? ''}' in container '${record.name}' (${failure.stage}): ${failure.message}`, {
    suggestion: EXEC_HINTS[failure.stage] ?? described.suggestion,
  });
}
