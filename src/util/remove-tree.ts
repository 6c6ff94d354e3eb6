import {readdirSync, rmdirSync, rmSync, unlinkSync} from 'node:fs';
import {join} from 'node:path';
import {isErrno} from '../errors.js';

/**
 * `rm -rf` for the store's own trees (a container's directories, work dirs, unpacked layers): the entry types
 * come with the directory listing, so each file costs one unlink and each directory one listing and one rmdir,
 * where Node's rmSync lstats every entry and tries every rmdir twice. Anything unexpected (a tree changing under
 * us, a permission problem) is left to rmSync, which retries and reports. A missing tree is fine.
 */
export function removeTree(path: string): void {
  try {
    removeEntries(path);
    rmdirSync(path);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return;
    rmSync(path, {recursive: true, force: true, maxRetries: 2});
  }
}

function removeEntries(dir: string): void {
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      removeEntries(path);
      rmdirSync(path);
    } else {
      unlinkSync(path);
    }
  }
}

/** `rm -f` of one file. (Node 20's rmSync loads its recursive remover even for a file, a cost on the run path.) */
export function removeFile(path: string): void {
  try {
    unlinkSync(path);
  } catch (error) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
}
