import {readdirSync} from 'node:fs';
import {IslanderError, isErrno, usageError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {readJsonIfExists} from '../util/atomic.js';
import {imageRecordPath, isImageId} from './layout.js';
import {formatReference, tryParseReference} from './reference.js';
import {readRepositories, tagsOf, type Repositories} from './repositories.js';
import type {ImageRecord, StoredImage} from './types.js';

const MIN_PREFIX = 4;

export function readImage(paths: StorePaths, id: string, tags: Repositories = readRepositories(paths)): ImageRecord | undefined {
  const stored = readJsonIfExists<StoredImage>(imageRecordPath(paths, id));
  // Records of the pre-layer store have neither field; migrate.ts fills `layers` on first use.
  return stored ? {...stored, layers: stored.layers ?? [], history: stored.history ?? [], id, repoTags: tagsOf(tags, id)} : undefined;
}

/** Ids of complete images: a directory counts only once its image.json is there. */
export function imageIds(paths: StorePaths): string[] {
  try {
    return readdirSync(paths.images).filter(isImageId);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return [];
    throw error;
  }
}

/** Newest first, as `docker images` lists them. */
export function listImages(paths: StorePaths): ImageRecord[] {
  const tags = readRepositories(paths);
  const images: ImageRecord[] = [];
  for (const id of imageIds(paths)) {
    const image = readImage(paths, id, tags);
    if (image) images.push(image);
  }
  return images.sort((a, b) => b.created.localeCompare(a.created) || a.id.localeCompare(b.id));
}

function notFound(ref: string): IslanderError {
  return new IslanderError('not-found', `no such image '${ref}'`, {
    suggestion: 'see `islander image ls`, or import one with `islander image import FILE`',
  });
}

/**
 * name[:tag] (tag defaults to latest), a full id, "sha256:<id>", or a unique id prefix of at least 4 hex digits.
 * As in Docker, a name wins over an id prefix that happens to look the same ("cafe").
 */
export function resolveImage(paths: StorePaths, ref: string): ImageRecord {
  const tags = readRepositories(paths);
  const parsed = tryParseReference(ref);
  const byName = parsed ? tags[formatReference(parsed)] : undefined;
  if (byName) {
    const image = readImage(paths, byName, tags);
    if (image) return image;
  }

  const hex = ref.startsWith('sha256:') ? ref.slice('sha256:'.length) : ref;
  if (/^[0-9a-f]+$/.test(hex) && hex.length >= MIN_PREFIX) {
    const matches = imageIds(paths).filter((id) => id.startsWith(hex));
    if (matches.length > 1) {
      throw usageError(`image id prefix '${ref}' is ambiguous (${matches.length} images match)`,
        'give more digits of the id');
    }
    const image = matches[0] ? readImage(paths, matches[0], tags) : undefined;
    if (image) return image;
  }
  throw notFound(ref);
}
