import {existsSync, lstatSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError} from '../errors.js';
import {imageLowerDirs} from '../image/index.js';
import type {StorePaths} from '../paths.js';
import {reconcile} from './reconcile.js';
import {containerDirs, resolveContainer} from './store.js';

/**
 * `islander diff`: what the container changed in its filesystem, from its overlay upper dir, as `docker diff`
 * says it: A (added: not in the image), C (changed: in the image, and written or with something below it
 * written), D (deleted: an overlay whiteout, a character device 0:0). Kind is Docker's API number.
 */
export interface Change {
  Path: string;
  Kind: 0 | 1 | 2;
}

const KIND = {changed: 0, added: 1, deleted: 2} as const;

export async function containerChanges(paths: StorePaths, ref: string): Promise<Change[]> {
  const record = await reconcile(paths, resolveContainer(paths, ref));
  if (!record) throw new IslanderError('not-found', `no such container '${ref}'`, {suggestion: "see 'islander ps -a'"});
  const upper = containerDirs(paths, record.id).upper;
  if (!existsSync(upper)) {
    if (existsSync(join(containerDirs(paths, record.id).dir, 'vfs'))) {
      throw new IslanderError('system', `cannot list the changes of ${record.name}: its rootfs is a copy (the vfs storage driver), with no layer of changes`, {
        suggestion: 'use overlayfs (modprobe overlay) for containers whose changes you want to see',
      });
    }
    return []; // never started: nothing written yet
  }
  const lowers = imageLowerDirs(paths, record.image.id);
  const inImage = (path: string): boolean => lowers.some((lower) => lstatSync(join(lower, path), {throwIfNoEntry: false}) !== undefined);
  const changes: Change[] = [];
  const walk = (relative: string): void => {
    for (const name of readdirSync(join(upper, relative)).sort()) {
      const path = `${relative}/${name}`;
      const stat = lstatSync(join(upper, path));
      const whiteout = stat.isCharacterDevice() && stat.rdev === 0;
      changes.push({Path: path, Kind: whiteout ? KIND.deleted : inImage(path) ? KIND.changed : KIND.added});
      if (stat.isDirectory()) walk(path);
    }
  };
  walk('');
  return changes;
}
