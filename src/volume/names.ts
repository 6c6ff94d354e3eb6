import {join} from 'node:path';
import {usageError} from '../errors.js';
import type {StorePaths} from '../paths.js';

/**
 * Where volumes live, in Docker's layout: `<root>/volumes/<name>/volume.json` (the record) and
 * `<root>/volumes/<name>/_data/` (the content, bind-mounted into containers). Names starting with a dot are
 * Islander's own (staging and removal in progress) and never a volume.
 */
export function volumesRoot(paths: StorePaths): string {
  return paths.volumes;
}

export function volumeDir(paths: StorePaths, name: string): string {
  return join(volumesRoot(paths), name);
}

export function volumeDataDir(paths: StorePaths, name: string): string {
  return join(volumesRoot(paths), name, '_data');
}

export function volumeRecordPath(paths: StorePaths, name: string): string {
  return join(volumesRoot(paths), name, 'volume.json');
}

/** Docker's volume-name grammar: two characters at least, the first a letter or digit. */
const VOLUME_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function validateVolumeName(name: string): string {
  if (!VOLUME_NAME.test(name) || name.length > 255) {
    throw usageError(`invalid volume name '${name}': use two or more letters, digits, '_', '.' or '-', starting with a letter or digit`);
  }
  return name;
}
