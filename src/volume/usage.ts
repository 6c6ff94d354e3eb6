import {listContainers} from '../container/store.js';
import type {StorePaths} from '../paths.js';

/** Volume name → the containers (any state) whose mounts name it; Docker counts stopped containers as users too. */
export function volumeUsers(paths: StorePaths): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const record of listContainers(paths)) {
    for (const mount of record.hostConfig.mounts ?? []) {
      if (mount.type !== 'volume') continue;
      users.set(mount.name, [...(users.get(mount.name) ?? []), record.name]);
    }
  }
  return users;
}
