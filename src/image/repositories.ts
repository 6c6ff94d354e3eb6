import type {StorePaths} from '../paths.js';
import {readJsonIfExists, writeJsonAtomic} from '../util/atomic.js';
import {repositoriesPath} from './layout.js';

/** "name:tag" → image id. Only changed under withStoreLock; read without it (writes are atomic renames). */
export type Repositories = Record<string, string>;

export function readRepositories(paths: StorePaths): Repositories {
  const stored = readJsonIfExists<unknown>(repositoriesPath(paths));
  if (stored === undefined || typeof stored !== 'object' || stored === null) return {};
  const tags: Repositories = {};
  for (const [ref, id] of Object.entries(stored)) if (typeof id === 'string') tags[ref] = id;
  return tags;
}

export function writeRepositories(paths: StorePaths, tags: Repositories): void {
  const sorted = Object.fromEntries(Object.entries(tags).sort(([a], [b]) => a.localeCompare(b)));
  writeJsonAtomic(repositoriesPath(paths), sorted);
}

export function tagsOf(tags: Repositories, id: string): string[] {
  return Object.entries(tags).filter(([, target]) => target === id).map(([ref]) => ref).sort();
}
