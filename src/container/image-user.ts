import {lstatSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError} from '../errors.js';
import {imageLayerViews} from '../image/lower-dirs.js';
import type {StorePaths} from '../paths.js';
import {parseUser} from './exec.js';

/**
 * Docker's `--user` / the image's User for the container's first process, resolved against the image's
 * /etc/passwd and /etc/group as the overlay would show them: the top layer that has the path wins, a whiteout
 * or an opaque directory hides lower ones. (The container's own later edits of those files are not seen.) Only regular files are read and no symlink is followed (a hostile image's /etc/passwd → /etc/shadow
 * of the host reads nothing), so the lookup stays inside the image. Numbers need no files: uid[:gid] is taken
 * as is, and a uid without a group gets its passwd entry's group, else 0, as Docker does.
 */
export interface ProcessUser {
  uid: number;
  gid: number;
  additionalGids?: number[];
}

export function resolveImageUser(paths: StorePaths, imageId: string, spec: string): ProcessUser {
  if (spec === '') return {uid: 0, gid: 0};
  const wanted = parseUser(spec);
  const numericOnly = wanted.username === undefined && wanted.groupname === undefined;
  if (numericOnly && wanted.gid !== undefined) return {uid: wanted.uid ?? 0, gid: wanted.gid};
  const layers = imageLayerViews(paths, imageId);
  const passwd = parseTable(readImageFile(layers, 'etc/passwd'));
  const entry = passwd.find((fields) => wanted.username !== undefined ? fields[0] === wanted.username : Number(fields[2]) === wanted.uid);
  if (wanted.username !== undefined && !entry) {
    throw new IslanderError('usage', `unable to find user ${wanted.username}: no matching entries in the image's /etc/passwd`, {
      suggestion: 'use a numeric uid[:gid], or a user the image defines',
    });
  }
  const uid = entry ? Number(entry[2]) : wanted.uid ?? 0;
  const groups = parseTable(readImageFile(layers, 'etc/group'));
  let gid = wanted.gid ?? (entry ? Number(entry[3]) : 0);
  if (wanted.groupname !== undefined) {
    const group = groups.find((fields) => fields[0] === wanted.groupname);
    if (!group) {
      throw new IslanderError('usage', `unable to find group ${wanted.groupname}: no matching entries in the image's /etc/group`, {
        suggestion: 'use a numeric gid, or a group the image defines',
      });
    }
    gid = Number(group[2]);
  }
  const name = entry?.[0];
  const additionalGids = name === undefined || wanted.groupname !== undefined ? [] : groups
    .filter((fields) => (fields[3] ?? '').split(',').includes(name)).map((fields) => Number(fields[2]))
    .filter((id) => id !== gid);
  return additionalGids.length > 0 ? {uid, gid, additionalGids} : {uid, gid};
}

/** Colon-separated lines with numeric ids where a table has them (passwd: 2 and 3; group: 2). */
function parseTable(text: string): string[][] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#')).map((line) => line.split(':'))
    .filter((fields) => fields.length >= 3 && /^[0-9]+$/.test(fields[2] ?? ''));
}

/**
 * The file as the merged view shows it, or '' when it is absent, whited out, or not a plain file. Going down the
 * layers, a whiteout of the file or of a directory on its way, or an opaque directory on its way, ends the search.
 */
function readImageFile(layersTopFirst: Array<{root: string; opaqueDirs: string[]}>, relative: string): string {
  const parts = relative.split('/');
  for (const layer of layersTopFirst) {
    let path = layer.root;
    let found = true;
    for (const [index, part] of parts.entries()) {
      path = join(path, part);
      const stats = lstatOrUndefined(path);
      if (!stats) {
        found = false;
        break;
      }
      if (stats.isCharacterDevice() && stats.rdev === 0) return ''; // a whiteout hides lower layers
      const last = index === parts.length - 1;
      if (last ? !stats.isFile() : !stats.isDirectory()) return '';
    }
    if (found) return readFileSync(path, 'utf8');
    const directories = parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'));
    if (layer.opaqueDirs.some((dir) => dir === '' || directories.includes(dir))) return '';
  }
  return '';
}

function lstatOrUndefined(path: string): ReturnType<typeof lstatSync> | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
