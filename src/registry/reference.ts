import {usageError} from '../errors.js';

/**
 * A remote image reference, as Docker reads one (distribution/reference's "normalized named"):
 *   alpine                         → docker.io / library/alpine : latest
 *   user/app:1.0                   → docker.io / user/app : 1.0
 *   127.0.0.1:5000/app@sha256:...  → 127.0.0.1:5000 / app @ sha256:...
 * The first path part is a registry host only when it looks like one (has '.' or ':', or is localhost).
 */
export interface RemoteReference {
  /** The registry as the user names it ("docker.io", "127.0.0.1:5000"), used in messages and credentials. */
  registry: string;
  /** host[:port] the HTTP requests go to (docker.io's API lives at registry-1.docker.io). */
  apiHost: string;
  /** The repository path inside the registry ("library/alpine"). */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
}

export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DEFAULT_TAG = 'latest';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function parseRemoteReference(text: string): RemoteReference {
  const invalid = (why: string) => usageError(`invalid image reference '${text}': ${why}`,
    'use [REGISTRY[:PORT]/]NAME[:TAG][@sha256:DIGEST], e.g. 127.0.0.1:5000/app:1.0');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid('the digest must be sha256: and 64 lowercase hex digits');
  }
  let tag: string | undefined;
  const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
  if (colon !== -1) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(`'${tag}' is not a valid tag`);
  }

  const parts = rest.split('/');
  const first = parts[0] ?? '';
  const hasHost = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('['));
  let registry = hasHost ? first : DOCKER_HUB;
  if (hasHost && !HOST.test(first)) throw invalid(`'${first}' is not a valid registry host`);
  if (registry === 'index.docker.io') registry = DOCKER_HUB;
  const path = hasHost ? parts.slice(1) : parts;
  if (path.length === 0 || !path.every((part) => COMPONENT.test(part))) {
    const why = rest.toLowerCase() !== rest ? 'repository names must be lowercase' : 'bad repository name';
    throw invalid(why);
  }
  const repository = registry === DOCKER_HUB && path.length === 1 ? `library/${path[0]}` : path.join('/');
  if (repository.length > 255) throw invalid('the name is longer than 255 characters');
  return {
    registry,
    apiHost: registry === DOCKER_HUB ? DOCKER_HUB_API : registry,
    repository,
    tag: tag ?? (digest ? undefined : DEFAULT_TAG),
    digest,
  };
}

/** What the manifest is fetched by: the digest when given (it pins the content), else the tag. */
export function manifestReference(ref: RemoteReference): string {
  return ref.digest ?? ref.tag ?? DEFAULT_TAG;
}

/** The short form Docker shows and stores locally: docker.io/library/alpine → alpine. */
export function familiarName(ref: RemoteReference): string {
  if (ref.registry !== DOCKER_HUB) return `${ref.registry}/${ref.repository}`;
  return ref.repository.startsWith('library/') ? ref.repository.slice('library/'.length) : ref.repository;
}

/** "name:tag" for the local store, or undefined for a pull by digest alone (Docker leaves those untagged). */
export function localTag(ref: RemoteReference): string | undefined {
  return ref.tag ? `${familiarName(ref)}:${ref.tag}` : undefined;
}

/** The reference as a user would write it back: for messages. */
export function formatRemote(ref: RemoteReference): string {
  return `${familiarName(ref)}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}`;
}

/**
 * Docker talks plain HTTP to a registry on the loopback (127.0.0.0/8, ::1, localhost) and HTTPS elsewhere.
 */
export function isLoopbackRegistry(host: string): boolean {
  const name = hostWithoutPort(host);
  if (name === 'localhost' || name === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

export function hostWithoutPort(host: string): string {
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}
