import {listContainers} from '../container/store.js';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {removeTree} from '../util/remove-tree.js';
import {collectGarbage} from './gc.js';
import {imageDir} from './layout.js';
import {withStoreLock} from './lock.js';
import {formatReference, tryParseReference} from './reference.js';
import {readRepositories, tagsOf, writeRepositories} from './repositories.js';
import {resolveImage} from './store.js';
import {moveToTrash} from './tmp.js';

export interface RemoveResult {
  untagged: string[];
  /** Image ids deleted from disk. */
  deleted: string[];
}

/**
 * Docker's `rmi`: removing one of several names only untags; removing the last name (or the image by id)
 * deletes it, and then the layers and blobs no other image has. Refused, unless `force`, when the id is ambiguous between several names or when a container
 * still uses the image (its rootfs is that container's lower layer).
 */
export function removeImage(paths: StorePaths, ref: string, options: {force: boolean; collect?: boolean}): RemoveResult {
  const target = resolveImage(paths, ref);
  let trash: string | undefined;
  const result = withStoreLock(paths, (): RemoveResult => {
    const tags = readRepositories(paths);
    const names = tagsOf(tags, target.id);
    const parsed = tryParseReference(ref);
    const byName = parsed ? formatReference(parsed) : undefined;
    const namedTag = byName !== undefined && tags[byName] === target.id ? byName : undefined;

    if (namedTag && names.length > 1) {
      delete tags[namedTag];
      writeRepositories(paths, tags);
      return {untagged: [namedTag], deleted: []};
    }
    if (!namedTag && names.length > 1 && !options.force) {
      throw new IslanderError('conflict',
        `image ${short(target.id)} is referenced by several names (${names.join(', ')})`, {
          suggestion: 'remove it by name, or use -f to remove every name and the image',
        });
    }
    const users = listContainers(paths).filter((container) => container.image.id === target.id);
    if (users.length > 0 && options.force) {
      // As Docker: forced, an image in use loses its names but stays, so its layers stay under the container.
      for (const name of names) delete tags[name];
      writeRepositories(paths, tags);
      return {untagged: names, deleted: []};
    }
    if (users.length > 0) {
      const list = users.map((container) => container.name).join(', ');
      throw new IslanderError('conflict', `image ${ref} is in use by container${users.length > 1 ? 's' : ''} ${list}`, {
        suggestion: `remove ${users.length > 1 ? 'them' : 'it'} first (\`islander rm ${users[0]?.name ?? ''}\`), or use -f`,
      });
    }
    for (const name of names) delete tags[name];
    writeRepositories(paths, tags);
    trash = moveToTrash(paths, imageDir(paths, target.id));
    return {untagged: names, deleted: [target.id]};
  });
  // The tree can be large: delete it after releasing the lock. It is already out of the store.
  if (trash) removeTree(trash);
  // Layers and blobs only this image had are freed now (gc.ts); prune collects once for many images.
  if (result.deleted.length > 0 && options.collect !== false) collectGarbage(paths);
  return result;
}

function short(id: string): string {
  return id.slice(0, 12);
}
