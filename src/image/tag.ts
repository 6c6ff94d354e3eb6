import type {StorePaths} from '../paths.js';
import {withStoreLock} from './lock.js';
import {formatReference, parseReference} from './reference.js';
import {readRepositories, writeRepositories} from './repositories.js';
import {readImage, resolveImage} from './store.js';
import type {ImageRecord} from './types.js';

/** `islander image tag SRC TARGET`: TARGET now names SRC's image (moved from any image it named before). */
export function tagImage(paths: StorePaths, source: string, target: string): ImageRecord {
  const reference = formatReference(parseReference(target));
  const image = resolveImage(paths, source);
  return withStoreLock(paths, () => {
    const tags = readRepositories(paths);
    tags[reference] = image.id;
    writeRepositories(paths, tags);
    return readImage(paths, image.id, tags) ?? image;
  });
}
