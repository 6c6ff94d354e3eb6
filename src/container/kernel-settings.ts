import {usageError} from '../errors.js';
import type {NetworkMode} from './record.js';

/**
 * `--ulimit` and `--sysctl`, as Docker takes them, turned into the OCI bundle's process.rlimits and linux.sysctl.
 */
export interface Ulimit {
  Name: string;
  /** -1: unlimited (the runtime's RLIM_INFINITY, runtime-c/PROTOCOL.md). */
  Soft: number;
  Hard: number;
}

const ULIMITS = ['as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss',
  'rtprio', 'rttime', 'sigpending', 'stack'];

/** NAME=SOFT[:HARD]: a number, or -1 / unlimited; without HARD it is SOFT. A name given twice: the last wins. */
export function parseUlimits(values: readonly string[]): Ulimit[] {
  const byName = new Map<string, Ulimit>();
  for (const text of values) {
    const match = /^([a-z]+)=([^:]+)(?::([^:]+))?$/.exec(text);
    if (!match || !ULIMITS.includes(match[1]!)) {
      throw usageError(`invalid --ulimit '${text}'`, `use NAME=SOFT[:HARD] with NAME one of ${ULIMITS.join(', ')}, e.g. nofile=1024:4096`);
    }
    const soft = limitValue(match[2]!, text);
    const hard = match[3] === undefined ? soft : limitValue(match[3], text);
    if (hard !== -1 && (soft === -1 || soft > hard)) throw usageError(`invalid --ulimit '${text}': the soft limit is above the hard one`);
    byName.set(match[1]!, {Name: match[1]!, Soft: soft, Hard: hard});
  }
  return [...byName.values()];
}

function limitValue(text: string, flag: string): number {
  if (text === '-1' || text === 'unlimited') return -1;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw usageError(`invalid --ulimit '${flag}': use whole numbers, or -1 for unlimited`);
  return Number(text);
}

/** The bundle's process.rlimits: RLIMIT_NOFILE and so on. */
export function ociRlimits(ulimits: readonly Ulimit[]): Array<{type: string; soft: number; hard: number}> {
  return ulimits.map((limit) => ({type: `RLIMIT_${limit.Name.toUpperCase()}`, soft: limit.Soft, hard: limit.Hard}));
}

/**
 * KEY=VALUE for sysctls the container's own namespaces hold, as Docker allows them: IPC (kernel.msg*, kernel.sem,
 * kernel.shm*, fs.mqueue.*) and, in a network of its own, net.*. Anything else would change the host.
 */
export function parseSysctls(values: readonly string[], networkMode: NetworkMode): Record<string, string> {
  const sysctls: Record<string, string> = {};
  for (const text of values) {
    const eq = text.indexOf('=');
    const key = eq === -1 ? '' : text.slice(0, eq);
    if (!/^[a-z0-9_]+(\.[a-z0-9_-]+)+$/.test(key) || text.includes('\0')) throw usageError(`invalid --sysctl '${text}': use KEY=VALUE, e.g. net.ipv4.ip_forward=1`);
    const ipc = /^(kernel\.(msg|shm)[a-z_]*|kernel\.sem|fs\.mqueue\..+)$/.test(key);
    const net = key.startsWith('net.');
    if (net && networkMode === 'host') throw usageError(`--sysctl ${key} cannot be set with --network host: it would change the host's network`);
    if (!ipc && !net) throw usageError(`--sysctl ${key} is not namespaced: it would change the host`, 'only kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.* and net.* can be set');
    sysctls[key] = text.slice(eq + 1);
  }
  return sysctls;
}
