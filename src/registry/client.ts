import {basicAuthorization, parseChallenges, tokenFromAnswer, tokenUrl, type Challenge, type Credentials} from './auth.js';
import {needsCredentials, refusedCredentials, registryAnswerError, unreachable} from './errors.js';
import {discardBody, readBody, send, type HttpRequest, type HttpResponse} from './http.js';
import {isLoopbackRegistry} from './reference.js';

/**
 * The connection to one registry: where it is (scheme decided once, by the /v2/ ping), and how to authenticate.
 *
 * Auth follows the distribution spec: a request answered 401 carries a WWW-Authenticate challenge. For
 * `Bearer realm=...,service=...,scope=...` a token is fetched from the realm (anonymously, or with Basic
 * credentials) for the scope the request needs, cached per scope, and the request is sent again once; for
 * `Basic` the credentials are sent. Once the challenge is known, later scopes get their token before the request.
 */
export interface ClientOptions {
  /** false: accept any certificate, and fall back to plain HTTP when the registry does not speak TLS. */
  tlsVerify: boolean;
  credentials: Credentials | undefined;
}

export interface ClientRequest {
  method: HttpRequest['method'];
  /** A path under the registry ("/v2/app/manifests/1"), or an absolute URL (an upload Location). */
  path: string | URL;
  /** e.g. ["repository:app:pull"]. */
  scopes: readonly string[];
  repository: string;
  headers?: Record<string, string>;
  body?: HttpRequest['body'];
}

export class RegistryClient {
  private base: URL | undefined;
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, string>();

  constructor(readonly registry: string, private readonly apiHost: string, private readonly options: ClientOptions) {}

  /** Sends a request with auth; a 401 is answered once with credentials. Other statuses are the caller's to judge. */
  async request(request: ClientRequest): Promise<HttpResponse> {
    const base = await this.baseUrl();
    const url = typeof request.path === 'string' ? new URL(request.path, base) : request.path;
    let authorization = await this.knownAuthorization(request);
    for (let attempt = 0; ; attempt++) {
      const headers = {...request.headers};
      if (authorization) headers.authorization = authorization;
      const response = await this.send({method: request.method, url, headers, body: request.body});
      if (response.status !== 401 || attempt === 1) return response;
      const header = response.headers['www-authenticate'];
      await discardBody(response);
      this.challenge = pickChallenge(header) ?? this.challenge;
      const fresh = await this.authorize(request, true);
      if (!fresh || fresh === authorization) {
        throw this.options.credentials ? refusedCredentials(this.registry, request.repository)
          : needsCredentials(this.registry, request.repository);
      }
      authorization = fresh;
    }
  }

  /** A request that must answer one of `ok`; otherwise its body becomes the one-line error. */
  async expect(request: ClientRequest, ok: readonly number[], what: string): Promise<HttpResponse> {
    const response = await this.request(request);
    if (ok.includes(response.status)) return response;
    const body = request.method === 'HEAD' ? undefined : await readBody(response).catch(() => undefined);
    throw registryAnswerError(this.registry, response.status, what, body);
  }

  private async send(request: HttpRequest): Promise<HttpResponse> {
    try {
      return await send({...request, insecure: !this.options.tlsVerify});
    } catch (error) {
      throw unreachable(this.registry, request.url, error);
    }
  }

  /** https://host/ or http://host/ as Docker picks: plain HTTP on the loopback; with tlsVerify=false, HTTP if TLS fails. */
  private async baseUrl(): Promise<URL> {
    if (this.base) return this.base;
    const loopback = isLoopbackRegistry(this.apiHost);
    const candidates = loopback ? ['http'] : this.options.tlsVerify ? ['https'] : ['https', 'http'];
    let lastError: unknown;
    for (const scheme of candidates) {
      const base = new URL(`${scheme}://${this.apiHost}/`);
      try {
        const response = await send({method: 'GET', url: new URL('/v2/', base), insecure: !this.options.tlsVerify});
        this.challenge = pickChallenge(response.headers['www-authenticate']);
        await discardBody(response);
        this.base = base;
        return base;
      } catch (error) {
        lastError = unreachable(this.registry, base, error);
      }
    }
    throw lastError;
  }

  private async knownAuthorization(request: ClientRequest): Promise<string | undefined> {
    if (!this.challenge) return undefined;
    return this.authorize(request, false);
  }

  /** The Authorization header for the request's scopes under the known challenge; `refresh` skips the cache. */
  private async authorize(request: ClientRequest, refresh: boolean): Promise<string | undefined> {
    const challenge = this.challenge;
    const credentials = this.options.credentials;
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') return credentials ? basicAuthorization(credentials) : undefined;
    if (challenge.scheme !== 'bearer') return undefined;
    const key = [...request.scopes].sort().join(' ');
    const cached = this.tokens.get(key);
    if (cached && !refresh) return cached;
    const url = tokenUrl(challenge, request.scopes);
    if (!url) return undefined;
    const headers: Record<string, string> = credentials ? {authorization: basicAuthorization(credentials)} : {};
    const response = await this.send({method: 'GET', url, headers});
    const body = await readBody(response, 1024 * 1024);
    if (response.status === 401 || response.status === 403) {
      throw credentials ? refusedCredentials(this.registry, request.repository) : needsCredentials(this.registry, request.repository);
    }
    if (response.status !== 200) throw registryAnswerError(this.registry, response.status, `a token (${url.origin})`, body);
    const token = tokenFromAnswer(body.toString('utf8'));
    if (!token) throw registryAnswerError(this.registry, response.status, `a token (${url.origin}): the answer has no token`);
    const authorization = `Bearer ${token}`;
    this.tokens.set(key, authorization);
    return authorization;
  }
}

/** Bearer when offered (it scopes access), else Basic. */
function pickChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  const challenges = parseChallenges(header);
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}

export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

export function pushScope(repository: string): string {
  return `repository:${repository}:pull,push`;
}
