import {basename} from 'node:path';
import {usageError} from '../errors.js';

/**
 * Image names follow Docker's reference grammar (distribution/reference):
 *   name      := [domain '/'] component ('/' component)*
 *   domain    := domain-part ('.' domain-part)* [':' port]
 *   component := [a-z0-9]+ (separator [a-z0-9]+)*      separator := '.' | '_' | '__' | '-'+
 *   tag       := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
 * Unlike Docker, a short name is not expanded to docker.io/library/...: images here are local.
 */
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const MAX_NAME_LENGTH = 255;
export const DEFAULT_TAG = 'latest';

export interface ImageReference {
  name: string;
  tag: string;
}

/** "name:tag" as stored in repositories.json. */
export function formatReference(ref: ImageReference): string {
  return `${ref.name}:${ref.tag}`;
}

/** The reference's parts, or undefined when `text` is not a valid name[:tag]. */
export function tryParseReference(text: string): ImageReference | undefined {
  if (text.includes('@')) return undefined; // digests: images here have ids, not registry digests
  const lastSlash = text.lastIndexOf('/');
  const colon = text.indexOf(':', lastSlash + 1);
  const name = colon === -1 ? text : text.slice(0, colon);
  const tag = colon === -1 ? DEFAULT_TAG : text.slice(colon + 1);
  if (!isValidName(name) || !TAG.test(tag)) return undefined;
  return {name, tag};
}

function isValidName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return false;
  const parts = name.split('/');
  // The first part is a domain only if it looks like one (has '.' or ':' or is localhost), as Docker decides.
  const first = parts[0] ?? '';
  const hasDomain = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasDomain && !DOMAIN.test(first)) return false;
  return parts.slice(hasDomain ? 1 : 0).every((part) => COMPONENT.test(part));
}

/** Parses a user-given NAME[:TAG]; a bad one is a usage error that says what a valid one looks like. */
export function parseReference(text: string): ImageReference {
  const ref = tryParseReference(text);
  if (ref) return ref;
  const lower = text.toLowerCase();
  const why = lower !== text && tryParseReference(lower) ? ': repository names must be lowercase' : '';
  throw usageError(`invalid image name '${text}'${why}`,
    'use lowercase letters, digits and . _ - separators, with an optional :TAG');
}

const ARCHIVE_SUFFIXES = ['.tar.gz', '.tar.zstd', '.tar.zst', '.tgz', '.tar'];

/** `alpine-stress.tar.gz` → alpine-stress:latest. Used when `image import` is given no NAME. */
export function defaultReferenceForFile(file: string): ImageReference {
  let stem = basename(file);
  const suffix = ARCHIVE_SUFFIXES.find((s) => stem.toLowerCase().endsWith(s));
  if (suffix) stem = stem.slice(0, -suffix.length);
  const name = stem.toLowerCase();
  const ref = tryParseReference(name);
  if (!ref || ref.tag !== DEFAULT_TAG || name.includes(':')) {
    throw usageError(`cannot derive an image name from the file name '${basename(file)}'`,
      'give one: `islander image import FILE NAME[:TAG]`');
  }
  return ref;
}
