import {readFileSync} from 'node:fs';
import {cgroupDriver} from '../cgroups/index.js';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {isActive} from './record.js';
import {currentContainer} from './reconcile.js';

/** One process of a container, as `islander top` shows it (read from the host's /proc). */
export interface TopProcess {
  pid: number;
  ppid: number;
  user: string;
  /** CPU time used, as ps prints it: [DD-]HH:MM:SS. */
  time: string;
  cmd: string;
}

/** `islander top`: every process in the container's cgroup, ascending by pid. */
export async function containerTop(paths: StorePaths, ref: string): Promise<TopProcess[]> {
  const record = await currentContainer(paths, ref);
  if (!isActive(record.state.status)) {
    throw new IslanderError('conflict', `container '${record.name}' is not running (it is ${record.state.status})`);
  }
  const group = cgroupDriver().open(record.id);
  if (!group) throw new IslanderError('system', `container '${record.name}' has no cgroup to list processes from`);
  const users = hostUserNames();
  const processes: TopProcess[] = [];
  for (const pid of group.pids()) {
    const process = readProcess(pid, users);
    // A process that exited between listing and reading is simply no longer there.
    if (process) processes.push(process);
  }
  return processes;
}

const CLOCK_TICKS = 100;

function readProcess(pid: number, users: ReadonlyMap<number, string>): TopProcess | undefined {
  try {
    const stat = parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
    const uid = parseUid(readFileSync(`/proc/${pid}/status`, 'utf8'));
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return {
      pid,
      ppid: stat.ppid,
      user: users.get(uid) ?? String(uid),
      time: formatCpuTime(Math.floor((stat.utime + stat.stime) / CLOCK_TICKS)),
      cmd: formatCmdline(cmdline, stat.comm),
    };
  } catch {
    return undefined;
  }
}

/** /proc/PID/stat: the command name (field 2) may hold spaces and ')', so fields are counted after the last ')'. */
export function parseStat(text: string): {comm: string; ppid: number; utime: number; stime: number} {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return {comm: text.slice(open + 1, close), ppid: Number(fields[1]), utime: Number(fields[11]), stime: Number(fields[12])};
}

export function parseUid(status: string): number {
  const line = status.split('\n').find((entry) => entry.startsWith('Uid:'));
  return Number(line?.split(/\s+/)[1] ?? -1);
}

/** NUL-separated argv; a kernel thread or zombie has none, and ps then shows the name in brackets. */
export function formatCmdline(cmdline: string, comm: string): string {
  const args = cmdline.split('\0').filter((arg, index, all) => arg !== '' || index < all.length - 1);
  return args.length > 0 ? args.join(' ') : `[${comm}]`;
}

/** ps's TIME column: HH:MM:SS, with a day count in front past 24 hours. */
export function formatCpuTime(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const clock = `${pad(Math.floor((seconds % 86400) / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
  return days > 0 ? `${days}-${clock}` : clock;
}

/** uid → name from the host's /etc/passwd, as `ps` on the host would show them. */
function hostUserNames(): Map<number, string> {
  const users = new Map<number, string>();
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , uid] = line.split(':');
      if (name && uid !== undefined && !users.has(Number(uid))) users.set(Number(uid), name);
    }
  } catch {
    // No passwd file: numbers it is.
  }
  return users;
}
