import {usageError} from '../errors.js';

/**
 * `--add-host`, `--dns`, `--dns-search` and `--dns-option`, as Docker takes them, for the container's /etc/hosts
 * and /etc/resolv.conf (etc-files.ts).
 */
export interface NameResolution {
  /** "NAME:IP", as inspect's HostConfig.ExtraHosts. */
  extraHosts: string[];
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
}

export function parseNameResolution(options: {addHosts?: string[]; dns?: string[]; dnsSearch?: string[]; dnsOptions?: string[]}): NameResolution {
  return {
    extraHosts: (options.addHosts ?? []).map(parseExtraHost),
    dns: (options.dns ?? []).map((address) => {
      if (!isIpAddress(address)) throw usageError(`invalid --dns '${address}': use an IP address`);
      return address;
    }),
    dnsSearch: (options.dnsSearch ?? []).map((domain) => {
      if (!/^[A-Za-z0-9.-]+$/.test(domain)) throw usageError(`invalid --dns-search '${domain}': use a domain name`);
      return domain;
    }),
    dnsOptions: (options.dnsOptions ?? []).map((option) => {
      if (!/^[A-Za-z0-9_:.-]+$/.test(option)) throw usageError(`invalid --dns-option '${option}': use a resolv.conf option such as ndots:2`);
      return option;
    }),
  };
}

/** NAME:IP or NAME=IP (an IPv6 address may hold colons: the name ends at the first). */
function parseExtraHost(text: string): string {
  const separator = /[:=]/.exec(text);
  const name = separator ? text.slice(0, separator.index) : '';
  const address = separator ? text.slice(separator.index + 1).replace(/^\[(.*)\]$/, '$1') : '';
  if (address === 'host-gateway') throw usageError(`--add-host ${name}:host-gateway needs a bridge network, which Islander has not`, 'give the address itself');
  if (!/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/.test(name) || !isIpAddress(address)) {
    throw usageError(`invalid --add-host '${text}'`, 'use NAME:IP, e.g. db.local:10.0.0.5');
  }
  return `${name}:${address}`;
}

function isIpAddress(text: string): boolean {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255);
  return /^[0-9A-Fa-f:.]+$/.test(text) && (text.match(/:/g) ?? []).length >= 2 && (text.match(/::/g) ?? []).length <= 1;
}
