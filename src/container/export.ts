import {closeSync, openSync, rmSync} from 'node:fs';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {openContainerFs} from './fs-root.js';
import {archivePath, withContext} from './isle-cp.js';

/**
 * `islander export`: the container's filesystem as one flat tar (docker export), which `islander image import`
 * takes back. Stopped: the merged overlay (deleted files are simply absent). Running: what its root shows, with
 * mount points (/proc, /sys, /dev, volumes, the bind-mounted /etc files) written empty, as they are in the rootfs.
 */
export interface ExportOptions {
  container: string;
  output?: string;
}

export async function exportContainer(paths: StorePaths, options: ExportOptions): Promise<void> {
  if (!options.output && process.stdout.isTTY) {
    throw new IslanderError('usage', 'refusing to write a tar archive to a terminal', {suggestion: 'use -o FILE or redirect stdout'});
  }
  const fs = await openContainerFs(paths, options.container);
  const archive = {name: '', contents: true, oneFileSystem: fs.running, xattrs: true};
  const what = `cannot export ${fs.record.name}`;
  if (!options.output) {
    await archivePath(fs.root, '/', archive, 1).result.catch((error: unknown) => { throw withContext(error, what); });
    return;
  }
  const fd = openSync(options.output, 'w', 0o644);
  try {
    await archivePath(fs.root, '/', archive, fd).result;
  } catch (error) {
    rmSync(options.output, {force: true});
    throw withContext(error, what);
  } finally {
    closeSync(fd);
  }
}
