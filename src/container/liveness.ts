import {readFileSync} from 'node:fs';

/**
 * Whether a recorded process is still the one we started: pids are reused, so the start time recorded with the
 * pid (field 22 of /proc/PID/stat, in clock ticks since boot) must match too. A zombie counts as gone: a shim that
 * has exited stays a zombie until init reaps it, which on some hosts takes a second.
 */
function readStat(pid: number): {state: string; startTime: number} | undefined {
  if (pid <= 0) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses; the fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return {state: fields[0]!, startTime: Number(fields[19])};
  } catch {
    return undefined;
  }
}

export function isSameProcessAlive(pid: number, startTime: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && startTime > 0 && stat.startTime === startTime && stat.state !== 'Z' && stat.state !== 'X';
}

/** A process's start time in clock ticks (0 when it is gone), as isle-shim records its own in shim.json. */
export function processStartTime(pid: number): number {
  return readStat(pid)?.startTime ?? 0;
}
