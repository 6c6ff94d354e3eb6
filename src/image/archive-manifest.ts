import {lstatSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError, isErrno} from '../errors.js';

/**
 * Reading the index files of an image archive (`docker save`: manifest.json; OCI image layout: index.json and
 * manifests under blobs/). Everything here is hostile: paths named by the archive are checked lexically (no
 * absolute paths, no "..") and then walked component by component refusing symlinks, so a manifest can only
 * ever name a regular file inside the unpacked archive.
 */
export interface DockerManifestEntry {
  config: string;
  repoTags: string[];
  layers: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations: Record<string, string>;
  platform?: {os?: string; architecture?: string};
}

export interface OciManifest {
  config: Descriptor;
  layers: Descriptor[];
}

const MAX_JSON = 8 * 1024 * 1024;

export function invalidArchive(why: string): IslanderError {
  return new IslanderError('invalid-image', `invalid image archive: ${why}`, {
    suggestion: 'load the output of `docker save` or an OCI image layout archive; nothing was loaded',
  });
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** "a/./b" → "a/b"; refuses absolute paths, ".." and empty names. */
export function safeArchivePath(path: string): string {
  if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) throw invalidArchive(`bad path '${String(path)}'`);
  if (path.startsWith('/')) throw invalidArchive(`absolute path '${path}' in the manifest`);
  const parts = path.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw invalidArchive(`path '${path}' leaves the archive`);
  if (parts.length === 0) throw invalidArchive(`path '${path}' names the archive itself`);
  return parts.join('/');
}

/** The file `path` names below `dir`, refusing symlinks at every step and anything but a regular file. */
export function fileInside(dir: string, path: string): string {
  let current = dir;
  const parts = safeArchivePath(path).split('/');
  parts.forEach((part, index) => {
    current = join(current, part);
    let stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if (isErrno(error, 'ENOENT') || isErrno(error, 'ENOTDIR')) throw invalidArchive(`'${path}' is missing`);
      throw error;
    }
    if (stats.isSymbolicLink()) throw invalidArchive(`'${path}' goes through a symlink`);
    const last = index === parts.length - 1;
    if (last ? !stats.isFile() : !stats.isDirectory()) throw invalidArchive(`'${path}' is not a ${last ? 'regular file' : 'directory'}`);
  });
  return current;
}

export function readArchiveJson(dir: string, path: string): {raw: Buffer; json: unknown} {
  const file = fileInside(dir, path);
  if (lstatSync(file).size > MAX_JSON) throw invalidArchive(`'${path}' is larger than ${MAX_JSON} bytes`);
  const raw = readFileSync(file);
  try {
    return {raw, json: JSON.parse(raw.toString('utf8'))};
  } catch {
    throw invalidArchive(`'${path}' is not JSON`);
  }
}

export function parseDockerManifest(json: unknown): DockerManifestEntry[] {
  if (!Array.isArray(json) || json.length === 0) throw invalidArchive('manifest.json must be a non-empty list');
  return json.map((item): DockerManifestEntry => {
    if (!isObject(item) || typeof item.Config !== 'string' || !Array.isArray(item.Layers)) {
      throw invalidArchive('a manifest.json entry lacks Config or Layers');
    }
    const layers = item.Layers.map((layer) => {
      if (typeof layer !== 'string') throw invalidArchive('manifest.json Layers must be paths');
      return safeArchivePath(layer);
    });
    const repoTags = Array.isArray(item.RepoTags) ? item.RepoTags.filter((tag): tag is string => typeof tag === 'string') : [];
    return {config: safeArchivePath(item.Config), repoTags, layers};
  });
}

export function parseDescriptor(value: unknown): Descriptor {
  if (!isObject(value) || typeof value.mediaType !== 'string' || typeof value.digest !== 'string' || typeof value.size !== 'number') {
    throw invalidArchive('a descriptor lacks mediaType, digest or size');
  }
  const annotations = isObject(value.annotations)
    ? Object.fromEntries(Object.entries(value.annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
    : {};
  const platform = isObject(value.platform)
    ? {os: String(value.platform.os ?? ''), architecture: String(value.platform.architecture ?? '')}
    : undefined;
  return {mediaType: value.mediaType, digest: value.digest, size: value.size, annotations, ...(platform ? {platform} : {})};
}

/** index.json, or a nested image index: its manifests. */
export function parseOciIndex(json: unknown): Descriptor[] {
  if (!isObject(json) || !Array.isArray(json.manifests)) throw invalidArchive('index.json has no manifests list');
  return json.manifests.map(parseDescriptor);
}

export function parseOciManifest(json: unknown): OciManifest {
  if (!isObject(json) || !Array.isArray(json.layers)) throw invalidArchive('an image manifest has no layers list');
  return {config: parseDescriptor(json.config), layers: json.layers.map(parseDescriptor)};
}

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === 'application/vnd.oci.image.index.v1+json' || mediaType === 'application/vnd.docker.distribution.manifest.list.v2+json';
}

/** The blob of `digest` in an OCI layout: blobs/<algorithm>/<hex>. */
export function layoutBlobPath(digest: string): string {
  const match = /^(sha256):([0-9a-f]{64})$/.exec(digest);
  if (!match) throw invalidArchive(`unsupported digest '${digest}'`);
  return `blobs/${match[1]}/${match[2]}`;
}
