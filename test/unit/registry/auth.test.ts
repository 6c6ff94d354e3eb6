import {mkdtempSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {findCredentials, parseChallenges, tokenFromAnswer, tokenUrl} from '../../../src/registry/auth.js';

describe('parseChallenges', () => {
  it('reads a Bearer challenge as registries send it', () => {
    const [challenge] = parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"');
    expect(challenge).toEqual({scheme: 'bearer', params: {realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/alpine:pull'}});
  });

  it('keeps commas and escaped quotes inside quoted values, and reads several challenges', () => {
    const challenges = parseChallenges('Basic realm="a, \\"b\\"", Bearer realm="http://127.0.0.1:1/t",scope="repository:x:pull,push" , error=insufficient_scope');
    expect(challenges).toEqual([
      {scheme: 'basic', params: {realm: 'a, "b"'}},
      {scheme: 'bearer', params: {realm: 'http://127.0.0.1:1/t', scope: 'repository:x:pull,push', error: 'insufficient_scope'}},
    ]);
  });

  it('accepts unquoted values, odd spacing and case', () => {
    expect(parseChallenges('BASIC  realm = registry')).toEqual([{scheme: 'basic', params: {realm: 'registry'}}]);
    expect(parseChallenges('')).toEqual([]);
  });
});

describe('tokenUrl and tokenFromAnswer', () => {
  it('asks for the challenge scope and the request scopes once each', () => {
    const url = tokenUrl({scheme: 'bearer', params: {realm: 'http://127.0.0.1:9/token?x=1', service: 'reg', scope: 'repository:a:pull'}},
      ['repository:a:pull', 'repository:b:pull,push']);
    expect(url?.searchParams.get('x')).toBe('1');
    expect(url?.searchParams.get('service')).toBe('reg');
    expect(url?.searchParams.getAll('scope')).toEqual(['repository:a:pull', 'repository:b:pull,push']);
  });

  it('takes token or access_token', () => {
    expect(tokenFromAnswer('{"token":"t1"}')).toBe('t1');
    expect(tokenFromAnswer('{"access_token":"t2"}')).toBe('t2');
    expect(tokenFromAnswer('{"token":""}')).toBeUndefined();
    expect(tokenFromAnswer('<html>')).toBeUndefined();
  });
});

describe('findCredentials', () => {
  let dir: string | undefined;
  afterEach(() => { if (dir) rmSync(dir, {recursive: true, force: true}); });

  it('prefers ISLANDER_REGISTRY_AUTH, and allows colons in the password', () => {
    expect(findCredentials('127.0.0.1:5000', {ISLANDER_REGISTRY_AUTH: 'me:pa:ss', HOME: '/nonexistent'})).toEqual({username: 'me', password: 'pa:ss'});
  });

  it('reads base64 auths from Docker config.json, by host and for Docker Hub by its old URL', () => {
    dir = mkdtempSync(join(tmpdir(), 'islander-auth-'));
    mkdirSync(join(dir, '.docker'));
    writeFileSync(join(dir, '.docker', 'config.json'), JSON.stringify({auths: {
      '127.0.0.1:5000': {auth: Buffer.from('alice:secret').toString('base64')},
      'https://index.docker.io/v1/': {auth: Buffer.from('bob:hub').toString('base64')},
    }}));
    expect(findCredentials('127.0.0.1:5000', {HOME: dir})).toEqual({username: 'alice', password: 'secret'});
    expect(findCredentials('docker.io', {HOME: dir})).toEqual({username: 'bob', password: 'hub'});
    expect(findCredentials('other:1', {HOME: dir})).toBeUndefined();
    expect(findCredentials('other:1', {HOME: join(dir, 'missing')})).toBeUndefined();
  });
});
