import {Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage} from 'node:http';
import type * as Https from 'node:https';
import {createRequire} from 'node:module';
import type {Readable} from 'node:stream';

/**
 * The HTTP layer under the registry client: keep-alive connections, redirects (blob downloads are often sent
 * to a storage URL), and one retry when a reused connection turns out to be reset. It knows nothing about
 * registries or auth; the client decides the URL and the headers.
 */
export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: URL;
  headers?: Record<string, string>;
  /** A Buffer, or a function that opens the body afresh (so a retry or a redirect can send it again). */
  body?: Buffer | (() => Readable);
  /** Skip TLS certificate verification (`--tls-verify=false`). */
  insecure?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: IncomingMessage;
  /** The URL that answered, after redirects: relative Location headers resolve against it. */
  url: URL;
}

const MAX_REDIRECTS = 5;
const RETRYABLE = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);

const httpAgent = new HttpAgent({keepAlive: true, maxSockets: 8});

interface HttpsClient {
  request: typeof Https.request;
  agent: Https.Agent;
  insecureAgent: Https.Agent;
}
let httpsClient: HttpsClient | undefined;

/** node:https, and node:tls under it, load only for an https URL: ~4 ms that a loopback registry (HTTP) never needs. */
function https(): HttpsClient {
  if (httpsClient) return httpsClient;
  const {Agent, request} = createRequire(import.meta.url)('node:https') as typeof Https;
  httpsClient = {
    request,
    agent: new Agent({keepAlive: true, maxSockets: 8}),
    insecureAgent: new Agent({keepAlive: true, maxSockets: 8, rejectUnauthorized: false}),
  };
  return httpsClient;
}

export async function send(request: HttpRequest): Promise<HttpResponse> {
  let url = request.url;
  let headers = {...request.headers};
  for (let hop = 0; ; hop++) {
    const response = await sendWithRetry({...request, url, headers});
    const location = response.headers.location;
    const redirect = [301, 302, 303, 307, 308].includes(response.status) && location &&
      (request.method === 'GET' || request.method === 'HEAD');
    if (!redirect || hop === MAX_REDIRECTS) return response;
    response.body.resume();
    const next = new URL(location, url);
    // A redirect to another host (object storage) must not carry the registry's credentials.
    if (next.host !== url.host) {
      const {authorization: _dropped, ...rest} = headers;
      headers = rest;
    }
    url = next;
  }
}

async function sendWithRetry(request: HttpRequest): Promise<HttpResponse> {
  try {
    return await sendOnce(request);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const replayable = request.body === undefined || Buffer.isBuffer(request.body) || typeof request.body === 'function';
    if (!code || !RETRYABLE.has(code) || !replayable) throw error;
    return sendOnce(request);
  }
}

function sendOnce(request: HttpRequest): Promise<HttpResponse> {
  const secure = request.url.protocol === 'https:' ? https() : undefined;
  const agent = !secure ? httpAgent : request.insecure ? secure.insecureAgent : secure.agent;
  const open = secure ? secure.request : httpRequest;
  const body = typeof request.body === 'function' ? request.body() : request.body;
  const headers = {...request.headers};
  if (Buffer.isBuffer(body)) headers['content-length'] = String(body.length);
  else if (body === undefined && (request.method === 'PUT' || request.method === 'POST')) headers['content-length'] = '0';

  return new Promise((resolve, reject) => {
    const req = open(request.url, {method: request.method, headers, agent}, (res) => {
      resolve({status: res.statusCode ?? 0, headers: res.headers, body: res, url: request.url});
    });
    req.once('error', reject);
    if (body === undefined) req.end();
    else if (Buffer.isBuffer(body)) req.end(body);
    else {
      body.once('error', (error) => req.destroy(error));
      body.pipe(req);
    }
  });
}

/** The whole body as a Buffer, refusing more than `limit` bytes (manifests and JSON answers are small). */
export async function readBody(response: HttpResponse, limit = 8 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > limit) {
      response.body.destroy();
      throw new Error(`answer larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads and drops a body so the keep-alive connection can be reused. */
export async function discardBody(response: HttpResponse): Promise<void> {
  response.body.resume();
  if (response.body.readableEnded) return;
  await new Promise<void>((resolve) => {
    response.body.once('end', resolve);
    response.body.once('close', resolve);
    response.body.once('error', () => resolve());
  });
}
