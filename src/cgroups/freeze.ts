import {readdirSync} from 'node:fs';
import {join} from 'node:path';
import {sleep} from '../util/sleep.js';
import {IslanderError} from '../errors.js';
import {readOptional} from './files.js';

/**
 * Freezing, shared by both drivers: the kernel freezes a group's tasks asynchronously (v1 shows FREEZING, v2
 * leaves `frozen 0` in cgroup.events until every task has stopped), so a freeze is done only once the group
 * says so. Also the group's process list, which both versions keep in cgroup.procs.
 */
const FREEZE_TIMEOUT_MS = 5_000;
const FREEZE_POLL_MS = 5;

/** Waits until `isDone()`; throws with `what` after the timeout (a task stuck in the kernel never freezes). */
export async function waitForFreezer(what: string, isDone: () => boolean, timeoutMs = FREEZE_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!isDone()) {
    if (Date.now() >= deadline) {
      throw new IslanderError('system', `${what} did not finish within ${timeoutMs / 1000}s`, {
        suggestion: 'a process may be stuck in the kernel (D state); try again',
      });
    }
    await sleep(FREEZE_POLL_MS);
  }
}

/** v1 freezer.state: "THAWED", "FREEZING" or "FROZEN". */
export function parseFreezerState(text: string | undefined): 'THAWED' | 'FREEZING' | 'FROZEN' | undefined {
  const state = text?.trim();
  return state === 'THAWED' || state === 'FREEZING' || state === 'FROZEN' ? state : undefined;
}

/** v2 cgroup.events: "populated 1\nfrozen 0\n"; true when the `frozen` key reads `expected`. */
export function eventsSayFrozen(text: string | undefined): boolean | undefined {
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key === 'frozen') return value === '1';
  }
  return undefined;
}

/** cgroup.procs: one pid per line (unordered, possibly with duplicates in v1). */
export function parseProcs(text: string | undefined): number[] {
  const pids = new Set<number>();
  for (const line of (text ?? '').split('\n')) {
    const pid = Number(line.trim());
    if (line.trim() !== '' && Number.isInteger(pid) && pid > 0) pids.add(pid);
  }
  return [...pids];
}

/** Every pid in a group and the groups below it (a container may make its own subgroups), ascending. */
export function groupPids(dir: string): number[] {
  const pids = new Set(parseProcs(readOptional(dir, 'cgroup.procs')));
  let children: string[] = [];
  try {
    children = readdirSync(dir, {withFileTypes: true}).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    // The group went away while we looked: it has no processes.
  }
  for (const child of children) for (const pid of groupPids(join(dir, child))) pids.add(pid);
  return [...pids].sort((a, b) => a - b);
}
