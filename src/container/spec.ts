import {usageError} from '../errors.js';
import type {ImageRecord} from '../image/types.js';
import {DEFAULT_SHM_SIZE} from '../runtime/bundle.js';
import type {OciLinuxResources} from '../runtime/oci.js';
import {normalizeCapabilities} from './capabilities.js';
import {parseSysctls, parseUlimits, type Ulimit} from './kernel-settings.js';
import {mergeLabels, readKeyValueFiles} from './key-value-files.js';
import {parseMountFlags, type MountFlags, type MountSpec} from './mount-spec.js';
import {parseNameResolution, type NameResolution} from './name-resolution.js';
import {parseUser} from './exec.js';
import {validateName} from './names.js';
import type {NetworkMode, RestartPolicyName} from './record.js';
import {parseByteSize} from './resources.js';
import {parseSignal} from './signals.js';

export interface RestartPolicy {
  name: RestartPolicyName;
  maximumRetryCount: number;
}

/** What `islander run` was asked, as typed (flags still strings). */
export interface RunOptions {
  image: string;
  /** --pull: missing (default), always, never. */
  pull?: string;
  command: string[];
  name?: string;
  autoRemove: boolean;
  env: string[];
  /** --env-file FILE..., read before -e (which overrides them). */
  envFiles?: string[];
  /** --entrypoint: replaces the image's (and then its Cmd too, as Docker); '' clears it. */
  entrypoint?: string;
  /** -l/--label KEY=VALUE, and --label-file FILE... read before them. */
  labels?: string[];
  labelFiles?: string[];
  workdir?: string;
  /** Docker's -u: NAME, UID, NAME:GROUP or UID:GID; default the image's User. */
  user?: string;
  hostname?: string;
  tty: boolean;
  interactive: boolean;
  /** Docker's --restart: no, always, unless-stopped, on-failure[:N]. */
  restart?: string;
  init: boolean;
  /** Docker's --log-opt KEY=VALUE: max-size, max-file. */
  logOpts: string[];
  /** -v, --mount and --tmpfs as given. */
  mounts?: MountFlags;
  /** --read-only. */
  readOnly?: boolean;
  /** --network: none (the default) or host. */
  network?: string;
  /** --cap-add, --cap-drop as given. */
  capAdd?: string[];
  capDrop?: string[];
  /** --ulimit NAME=SOFT[:HARD], --sysctl KEY=VALUE, --shm-size SIZE as given. */
  ulimits?: string[];
  sysctls?: string[];
  shmSize?: string;
  /** --stop-signal, --stop-timeout: what `stop` sends first, and how long it waits before SIGKILL. */
  stopSignal?: string;
  stopTimeout?: string;
  /** --add-host, --dns, --dns-search, --dns-option as given. */
  addHosts?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
}

/** A run request after validation: everything needed to create the container, nothing touched yet. */
export interface RunSpec {
  image: ImageRecord;
  imageRef: string;
  name?: string;
  autoRemove: boolean;
  /** [...entrypoint, ...cmd]: what runs. */
  args: string[];
  entrypoint: string[];
  cmd: string[];
  env: string[];
  labels: Record<string, string>;
  cwd: string;
  /** As given (resolved against the image's /etc/passwd at start); '' is root. */
  user: string;
  hostname?: string;
  tty: boolean;
  interactive: boolean;
  resources: OciLinuxResources;
  restartPolicy: RestartPolicy;
  init: boolean;
  logConfig: {maxSize: number; maxFile: number};
  mounts: MountSpec[];
  readonlyRootfs: boolean;
  networkMode: NetworkMode;
  /** Normalized (CAP_ names, or ALL), as inspect shows them. */
  capAdd: string[];
  capDrop: string[];
  ulimits: Ulimit[];
  sysctls: Record<string, string>;
  /** /dev/shm's size in bytes. */
  shmSize: number;
  stopSignal: NodeJS.Signals;
  stopTimeout: number;
  names: NameResolution;
}

const HOSTNAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export function validateRun(options: RunOptions, image: ImageRecord, resources: OciLinuxResources, hostEnv: NodeJS.ProcessEnv = process.env): RunSpec {
  // Docker's rule: a new entrypoint drops the image's Cmd as well; clearing it (--entrypoint '') keeps the Cmd.
  const entrypoint = options.entrypoint === undefined ? image.config.Entrypoint : options.entrypoint === '' ? [] : [options.entrypoint];
  const cmd = options.command.length > 0 ? options.command : options.entrypoint ? [] : image.config.Cmd;
  const args = [...entrypoint, ...cmd];
  if (args.length === 0) {
    throw usageError(`no command given and the image '${options.image}' has no default command`, `add one: islander run ${options.image} COMMAND`);
  }
  if (options.hostname !== undefined && (options.hostname.length > 64 || !HOSTNAME_PATTERN.test(options.hostname))) {
    throw usageError(`invalid hostname '${options.hostname}': use letters, digits, '-' and '.', at most 64 characters`);
  }
  const networkMode = parseNetworkMode(options.network);
  if (networkMode === 'host' && options.hostname !== undefined) {
    throw usageError('--hostname and --network host conflict: with the host\'s network the container has the host\'s name', 'drop one of them');
  }
  const cwd = options.workdir ?? (image.config.WorkingDir || '/');
  if (!cwd.startsWith('/')) throw usageError(`the working directory '${cwd}' must be an absolute path`);
  return {
    image,
    imageRef: options.image,
    name: options.name === undefined ? undefined : validateName(options.name),
    autoRemove: options.autoRemove,
    args,
    entrypoint,
    cmd,
    env: mergeEnv(image.config.Env, [...readKeyValueFiles(options.envFiles ?? [], '--env-file'), ...options.env], hostEnv),
    labels: mergeLabels(image.config.Labels, [...readKeyValueFiles(options.labelFiles ?? [], '--label-file'), ...options.labels ?? []]),
    cwd,
    user: validUser(options.user ?? image.config.User),
    hostname: options.hostname,
    tty: options.tty,
    interactive: options.interactive,
    resources,
    restartPolicy: parseRestartPolicy(options.restart, options.autoRemove),
    init: options.init,
    logConfig: parseLogOpts(options.logOpts),
    mounts: options.mounts === undefined ? [] : parseMountFlags(options.mounts),
    readonlyRootfs: options.readOnly === true,
    networkMode,
    capAdd: normalizeCapabilities(options.capAdd ?? [], '--cap-add'),
    capDrop: normalizeCapabilities(options.capDrop ?? [], '--cap-drop'),
    ulimits: parseUlimits(options.ulimits ?? []),
    sysctls: parseSysctls(options.sysctls ?? [], networkMode),
    shmSize: parseShmSize(options.shmSize),
    stopSignal: options.stopSignal === undefined ? 'SIGTERM' : parseSignal(options.stopSignal),
    stopTimeout: options.stopTimeout === undefined ? DEFAULT_STOP_TIMEOUT : parseStopTimeout(options.stopTimeout, '--stop-timeout'),
    names: parseNameResolution(options),
  };
}

/** Seconds `stop` waits before SIGKILL when neither -t nor --stop-timeout says: Docker's 10. */
export const DEFAULT_STOP_TIMEOUT = 10;

function parseShmSize(value: string | undefined): number {
  if (value === undefined) return DEFAULT_SHM_SIZE;
  const bytes = parseByteSize(value);
  if (bytes === undefined || bytes < 4096) throw usageError(`invalid --shm-size '${value}': use a size of at least 4k, like 256m`);
  return bytes;
}

/** Whole seconds, for `stop -t` and `--stop-timeout`. */
export function parseStopTimeout(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw usageError(`invalid ${flag} '${value}': use whole seconds`);
  return Number(value);
}

/** Docker's --network, as far as Islander has networks: none (its own loopback) and host; no bridge yet. */
export function parseNetworkMode(value: string | undefined): NetworkMode {
  if (value === undefined || value === 'none' || value === 'host') return value ?? 'none';
  if (value === 'bridge' || value === 'default') {
    throw usageError(`--network ${value} is not available: Islander has no bridge network yet`, 'use --network host to reach the network, or none (the default) for loopback only');
  }
  throw usageError(`unknown --network '${value}': use none (the default, loopback only) or host`);
}

/** Docker's --restart grammar; --rm and a restart policy contradict each other, as Docker says. */
export function parseRestartPolicy(value: string | undefined, autoRemove: boolean): RestartPolicy {
  if (value === undefined || value === 'no') return {name: 'no', maximumRetryCount: 0};
  const match = /^(always|unless-stopped|on-failure)(?::(\d+))?$/.exec(value);
  if (!match || (match[2] !== undefined && match[1] !== 'on-failure')) {
    throw usageError(`invalid --restart '${value}': use no, always, unless-stopped or on-failure[:N]`);
  }
  if (autoRemove) throw usageError('--restart and --rm conflict: a container removed when it exits cannot be restarted');
  return {name: match[1] as RestartPolicy['name'], maximumRetryCount: match[2] === undefined ? 0 : Number(match[2])};
}

/** The restart policy as isle-shim's --restart takes it. */
export function restartArgument(policy: RestartPolicy): string {
  return policy.name === 'on-failure' && policy.maximumRetryCount > 0 ? `on-failure:${policy.maximumRetryCount}` : policy.name;
}

/** --log-opt max-size=10m, max-file=3 (json-file driver options); no max-size: the log is never rotated. */
export function parseLogOpts(options: readonly string[]): {maxSize: number; maxFile: number} {
  let maxSize = 0;
  let maxFile = 1;
  // Docker repeats --log-opt; a comma-joined list (max-size=10m,max-file=3) is accepted too.
  for (const option of options.flatMap((entry) => entry.split(','))) {
    const [key, value = ''] = option.split('=', 2) as [string, string?];
    if (key === 'max-size') {
      const bytes = parseByteSize(value);
      if (bytes === undefined || bytes < 1024) throw usageError(`invalid --log-opt max-size '${value}': use a size of at least 1k, like 10m`);
      maxSize = bytes;
    } else if (key === 'max-file') {
      if (!/^[1-9]\d*$/.test(value)) throw usageError(`invalid --log-opt max-file '${value}': use a whole number of at least 1`);
      maxFile = Number(value);
    } else {
      throw usageError(`unknown --log-opt '${option}': Islander's json-file log takes max-size and max-file`);
    }
  }
  if (maxFile > 1 && maxSize === 0) throw usageError('--log-opt max-file needs max-size too');
  return {maxSize, maxFile};
}

/** The image's environment overridden by -e in order; `-e KEY` takes KEY from the caller's environment, as Docker. */
export function mergeEnv(imageEnv: readonly string[], flags: readonly string[], hostEnv: NodeJS.ProcessEnv): string[] {
  const merged = new Map<string, string>();
  for (const entry of imageEnv) merged.set(entry.split('=', 1)[0]!, entry);
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq === -1 ? flag : flag.slice(0, eq);
    if (key === '' || key.includes('\0') || flag.includes('\0')) throw usageError(`invalid environment variable '${flag}': use KEY=VALUE`);
    if (eq !== -1) merged.set(key, flag);
    else if (hostEnv[key] !== undefined) merged.set(key, `${key}=${hostEnv[key]}`);
  }
  if (![...merged.keys()].includes('PATH')) merged.set('PATH', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  return [...merged.values()];
}

/** Checks the grammar now (names are looked up in the image at start, container/image-user.ts). */
function validUser(user: string): string {
  if (user !== '') parseUser(user);
  return user;
}
