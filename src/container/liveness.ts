import {readFileSync} from 'node:fs';

/**
 * Whether a recorded process is still the one we started: pids are reused, so the start time recorded with the
 * pid (field 22 of /proc/PID/stat, in clock ticks since boot) must match too.
 */
export function processStartTime(pid: number): number {
  if (pid <= 0) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses; fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return 0;
  }
}

export function isSameProcessAlive(pid: number, startTime: number): boolean {
  return pid > 0 && startTime > 0 && processStartTime(pid) === startTime;
}
