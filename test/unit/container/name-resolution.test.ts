import {describe, expect, it} from 'vitest';
import {parseNameResolution} from '../../../src/container/name-resolution.js';

describe('--add-host and --dns*', () => {
  it("takes Docker's forms: NAME:IP or NAME=IP, IPv6 with its colons (bracketed or not)", () => {
    expect(parseNameResolution({addHosts: ['db.local:10.0.0.5', 'v6=2001:db8::1', 'b:[::1]'], dns: ['1.1.1.1', '2606:4700::1111'],
      dnsSearch: ['corp.example'], dnsOptions: ['ndots:2']})).toEqual({
      extraHosts: ['db.local:10.0.0.5', 'v6:2001:db8::1', 'b:::1'], dns: ['1.1.1.1', '2606:4700::1111'], dnsSearch: ['corp.example'], dnsOptions: ['ndots:2'],
    });
    expect(parseNameResolution({})).toEqual({extraHosts: [], dns: [], dnsSearch: [], dnsOptions: []});
  });

  it('refuses what is not a name and an address, and host-gateway (no bridge network)', () => {
    for (const bad of ['nohost', 'x:300.1.1.1', ':1.2.3.4', 'a b:1.2.3.4', 'x:1:2']) {
      expect(() => parseNameResolution({addHosts: [bad]}), bad).toThrow(`invalid --add-host '${bad}'`);
    }
    expect(() => parseNameResolution({addHosts: ['gw:host-gateway']})).toThrow('needs a bridge network');
    expect(() => parseNameResolution({dns: ['resolver']})).toThrow("invalid --dns 'resolver'");
    expect(() => parseNameResolution({dnsSearch: ['a b']})).toThrow('invalid --dns-search');
    expect(() => parseNameResolution({dnsOptions: ['x\ny']})).toThrow('invalid --dns-option');
  });
});
