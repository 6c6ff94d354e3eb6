import {readFileSync} from 'node:fs';
import {createServer, type Server} from 'node:https';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readBody, send} from '../../../src/registry/http.js';

/**
 * The HTTPS side of the registry's HTTP layer (node:https is loaded only for an https URL), against a loopback
 * TLS server whose certificate (fixtures/self-signed.*, for 127.0.0.1, valid for a century) no CA signed.
 */
const fixture = (name: string): Buffer => readFileSync(new URL(`fixtures/${name}`, import.meta.url));

describe('registry HTTP over TLS', () => {
  let server: Server;
  let url: URL;

  beforeAll(async () => {
    server = createServer({key: fixture('self-signed.key'), cert: fixture('self-signed.crt')}, (req, res) => {
      res.end(`over tls: ${req.url}`);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/v2/`);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('talks to a server with an unverifiable certificate when verification is off (--tls-verify=false)', async () => {
    const response = await send({method: 'GET', url, insecure: true});
    expect(response.status).toBe(200);
    expect((await readBody(response)).toString()).toBe('over tls: /v2/');
  });

  it('refuses that certificate when verification is on', async () => {
    await expect(send({method: 'GET', url})).rejects.toMatchObject({code: 'DEPTH_ZERO_SELF_SIGNED_CERT'});
  });
});
