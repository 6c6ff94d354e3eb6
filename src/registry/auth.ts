import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {isErrno} from '../errors.js';
import {DOCKER_HUB} from './reference.js';

/** One challenge of a WWW-Authenticate header: `Bearer realm="...",service="...",scope="..."`. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

export interface Credentials {
  username: string;
  password: string;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

/**
 * Parses a WWW-Authenticate header (RFC 7235): several challenges separated by commas, each a scheme followed by
 * auth-params whose values are tokens or quoted strings (commas and escaped quotes allowed inside quotes).
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: Challenge[] = [];
  let at = 0;
  const skip = (pattern: RegExp): void => {
    while (at < header.length && pattern.test(header[at]!)) at++;
  };
  const token = (): string | undefined => {
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(header);
    if (!match) return undefined;
    at += match[0].length;
    return match[0];
  };
  const quoted = (): string => {
    let value = '';
    for (at++; at < header.length && header[at] !== '"'; at++) {
      if (header[at] === '\\' && at + 1 < header.length) at++;
      value += header[at];
    }
    at++; // the closing quote
    return value;
  };

  while (at < header.length) {
    skip(/[\s,]/);
    const scheme = token();
    if (!scheme) break;
    const challenge: Challenge = {scheme: scheme.toLowerCase(), params: {}};
    challenges.push(challenge);
    for (;;) {
      skip(/[\s,]/);
      const start = at;
      const name = token();
      skip(/\s/);
      if (!name || header[at] !== '=') {
        at = start; // the next challenge's scheme (or a token68, which registries do not use)
        break;
      }
      at++;
      skip(/\s/);
      challenge.params[name.toLowerCase()] = header[at] === '"' ? quoted() : token() ?? '';
    }
  }
  return challenges;
}

/**
 * Credentials for a registry: ISLANDER_REGISTRY_AUTH=user:pass (any registry), else the `auths` of Docker's
 * config.json ($DOCKER_CONFIG or ~/.docker), whose `auth` is base64 of "user:pass". Anonymous when neither has any.
 */
export function findCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Credentials | undefined {
  const fromEnv = env.ISLANDER_REGISTRY_AUTH;
  if (fromEnv) return splitUserPass(fromEnv);
  const configDir = env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker');
  let config: {auths?: Record<string, {auth?: string; username?: string; password?: string}>};
  try {
    config = JSON.parse(readFileSync(join(configDir, 'config.json'), 'utf8')) as typeof config;
  } catch (error) {
    if (isErrno(error, 'ENOENT') || error instanceof SyntaxError) return undefined;
    throw error;
  }
  const keys = registry === DOCKER_HUB
    ? ['docker.io', 'https://index.docker.io/v1/', 'index.docker.io', 'registry-1.docker.io']
    : [registry, `https://${registry}`, `http://${registry}`, `https://${registry}/v1/`, `https://${registry}/v2/`];
  for (const key of keys) {
    const entry = config.auths?.[key];
    if (entry?.auth) return splitUserPass(Buffer.from(entry.auth, 'base64').toString('utf8'));
    if (entry?.username && entry.password !== undefined) return {username: entry.username, password: entry.password};
  }
  return undefined;
}

function splitUserPass(text: string): Credentials | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  return {username: text.slice(0, colon), password: text.slice(colon + 1)};
}

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/** The token endpoint's URL for a Bearer challenge, with the scope this request needs (the challenge's own first). */
export function tokenUrl(challenge: Challenge, scopes: readonly string[]): URL | undefined {
  const realm = challenge.params.realm;
  if (!realm) return undefined;
  const url = new URL(realm);
  if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
  const all = new Set([...(challenge.params.scope ? challenge.params.scope.split(' ') : []), ...scopes]);
  for (const scope of all) url.searchParams.append('scope', scope);
  return url;
}

/** The token from a token endpoint's JSON answer (`token`, or OAuth2's `access_token`). */
export function tokenFromAnswer(body: string): string | undefined {
  try {
    const answer = JSON.parse(body) as {token?: unknown; access_token?: unknown};
    const token = answer.token ?? answer.access_token;
    return typeof token === 'string' && token !== '' ? token : undefined;
  } catch {
    return undefined;
  }
}
