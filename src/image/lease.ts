import {readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {isErrno} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {randomBytesFromKernel as randomBytes} from '../util/random.js';
import {leasesDir} from './layout.js';
import {isAlive} from '../util/lock-file.js';

/**
 * A load or pull stores blobs and layers before the image that lists them is registered; meanwhile GC would see
 * them as garbage. Such a writer holds a lease (<images>/leases/<pid>-<random>) for its whole run, and GC keeps
 * everything written since the oldest live lease began. A lease whose process died is ignored and removed.
 */
export function holdLease(paths: StorePaths): () => void {
  ensureDir(leasesDir(paths));
  const file = join(leasesDir(paths), `${process.pid}-${randomBytes(6).toString('hex')}`);
  writeFileSync(file, '');
  return () => rmSync(file, {force: true});
}

/** The start (ms since the epoch) of the oldest live lease, or undefined when there is none. */
export function oldestLiveLease(paths: StorePaths): number | undefined {
  let names: string[];
  try {
    names = readdirSync(leasesDir(paths));
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
  let oldest: number | undefined;
  for (const name of names) {
    const file = join(leasesDir(paths), name);
    const pid = Number(name.split('-')[0]);
    if (!Number.isInteger(pid) || !isAlive(pid)) {
      rmSync(file, {force: true});
      continue;
    }
    try {
      const started = statSync(file).mtimeMs;
      oldest = oldest === undefined ? started : Math.min(oldest, started);
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
    }
  }
  return oldest;
}
