import {usageError} from '../errors.js';
import type {ContainerRecord, ContainerStatus} from './record.js';

/**
 * Docker's `ps --filter KEY=VALUE`: values of one key match if any does, different keys must all match.
 * id (a prefix), name (a regular expression, as Docker's; a leading / is ignored), status, exited (an exit code),
 * label (KEY or KEY=VALUE), ancestor (the image as named at run, or an id prefix), volume (a volume name, bind
 * source or mount destination). `impliesAll`: status and exited look at stopped containers without -a, as in Docker.
 */
export interface ContainerFilters {
  matches(record: ContainerRecord): boolean;
  impliesAll: boolean;
}

const STATUSES: readonly string[] = ['created', 'running', 'paused', 'restarting', 'exited', 'removing', 'dead'];

type Test = (record: ContainerRecord, value: string) => boolean;

const TESTS: Record<string, Test> = {
  id: (record, value) => record.id.startsWith(value.toLowerCase()),
  name: (record, value) => new RegExp(value.replace(/^\//, '')).test(record.name),
  status: (record, value) => record.state.status === (value as ContainerStatus),
  exited: (record, value) => record.state.status === 'exited' && record.state.exitCode === Number(value),
  label: (record, value) => {
    const labels = record.config.labels ?? {};
    const eq = value.indexOf('=');
    return eq === -1 ? value in labels : labels[value.slice(0, eq)] === value.slice(eq + 1);
  },
  ancestor: (record, value) => record.image.name === value || record.image.name === `${value}:latest` ||
    (/^(sha256:)?[0-9a-f]{4,64}$/.test(value) && record.image.id.startsWith(value.replace(/^sha256:/, ''))),
  volume: (record, value) => (record.hostConfig.mounts ?? []).some((mount) =>
    mount.destination === value || (mount.type === 'volume' && mount.name === value) || (mount.type === 'bind' && mount.source === value)),
};

export function parseContainerFilters(values: readonly string[]): ContainerFilters {
  const byKey = new Map<string, string[]>();
  for (const text of values) {
    const eq = text.indexOf('=');
    const key = eq === -1 ? text : text.slice(0, eq);
    const value = eq === -1 ? '' : text.slice(eq + 1);
    if (!TESTS[key]) throw usageError(`unknown --filter '${text}'`, `filter on ${Object.keys(TESTS).join(', ')} (KEY=VALUE)`);
    if (value === '') throw usageError(`--filter '${text}' has no value`, `use ${key}=VALUE`);
    if (key === 'status' && !STATUSES.includes(value)) throw usageError(`invalid --filter status '${value}'`, `use one of ${STATUSES.join(', ')}`);
    if (key === 'exited' && !/^\d+$/.test(value)) throw usageError(`invalid --filter exited '${value}': use an exit code`);
    if (key === 'name') {
      try {
        new RegExp(value);
      } catch {
        throw usageError(`invalid --filter name '${value}': not a regular expression`);
      }
    }
    byKey.set(key, [...(byKey.get(key) ?? []), value]);
  }
  return {
    matches: (record) => [...byKey].every(([key, wanted]) => wanted.some((value) => TESTS[key]!(record, value))),
    impliesAll: byKey.has('status') || byKey.has('exited'),
  };
}
