import {lstatSync, readdirSync, type Dirent} from 'node:fs';
import {join} from 'node:path';

/** Bytes of regular files under `dir`, never following symlinks. */
export function diskUsage(dir: string): number {
  let total = 0;
  const stack = [dir];
  while (stack.length > 0) {
    const current = stack.pop()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(current, {withFileTypes: true});
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) stack.push(path);
      else if (entry.isFile()) total += lstatSync(path, {throwIfNoEntry: false})?.size ?? 0;
    }
  }
  return total;
}
