import type {StorePaths} from '../paths.js';
import {isActive, type ContainerRecord} from './record.js';
import {reconcile} from './reconcile.js';
import {listContainers} from './store.js';

/** `ps`: containers after reconciling each with reality; running ones only unless `all`. */
export async function listReconciled(paths: StorePaths, options: {all: boolean}): Promise<ContainerRecord[]> {
  const records: ContainerRecord[] = [];
  for (const record of listContainers(paths)) {
    const current = await reconcile(paths, record);
    if (current && (options.all || isActive(current.state.status))) records.push(current);
  }
  return records;
}

/** Docker's STATUS column: "Up 5 minutes", "Exited (137) 2 seconds ago", "Created". */
export function describeStatus(record: ContainerRecord, now = Date.now()): string {
  const {state} = record;
  switch (state.status) {
    case 'running':
      return `Up ${humanDuration(now - Date.parse(state.startedAt))}`;
    case 'exited':
      return `Exited (${state.exitCode}) ${humanDuration(now - Date.parse(state.finishedAt || record.created))} ago`;
    case 'paused':
      return `Up ${humanDuration(now - Date.parse(state.startedAt))} (Paused)`;
    case 'restarting':
      return `Restarting (${state.exitCode}) ${humanDuration(now - Date.parse(state.finishedAt || state.startedAt))} ago`;
    case 'created':
      return 'Created';
    case 'removing':
      return 'Removal In Progress';
  }
}

export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 1) return 'Less than a second';
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  return `${Math.round(hours / 24)} days`;
}
