import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {writeRuntimeFile} from '../util/atomic.js';
import type {NameResolution} from './name-resolution.js';

/**
 * /etc/hostname, /etc/hosts and /etc/resolv.conf for a container, written into its directory and bind-mounted
 * over the image's copies, as Docker does. In a network of its own (loopback only), hosts maps the hostname to
 * 127.0.1.1 and resolv.conf keeps the host's resolvers that are not on the host's loopback. With the host's
 * network (`--network host`), both are the host's files as they are.
 */
export interface EtcFiles {
  hostname: string;
  hosts: string;
  resolvConf: string;
}

export function writeEtcFiles(containerDir: string, hostname: string, hostNetwork: boolean, names: NameResolution): EtcFiles {
  const files: EtcFiles = {
    hostname: join(containerDir, 'hostname'),
    hosts: join(containerDir, 'hosts'),
    resolvConf: join(containerDir, 'resolv.conf'),
  };
  writeRuntimeFile(files.hostname, `${hostname}\n`);
  const hosts = hostNetwork ? hostFile('/etc/hosts') : [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    `127.0.1.1\t${hostname}`,
    '',
  ].join('\n');
  // --add-host lines come last, as Docker writes them.
  const extra = names.extraHosts.map((entry) => `${entry.slice(entry.indexOf(':') + 1)}\t${entry.slice(0, entry.indexOf(':'))}\n`).join('');
  writeRuntimeFile(files.hosts, `${hosts}${hosts.endsWith('\n') || hosts === '' ? '' : '\n'}${extra}`);
  writeRuntimeFile(files.resolvConf, resolvConf(hostFile('/etc/resolv.conf'), hostNetwork, names));
  return files;
}

/**
 * The host's resolv.conf with --dns, --dns-search and --dns-option each replacing its own kind of line, as
 * Docker does. Loopback resolvers (systemd-resolved's 127.0.0.53) mean nothing inside a network of the
 * container's own, so they are dropped there.
 */
function resolvConf(host: string, hostNetwork: boolean, names: NameResolution): string {
  const replaced = {nameserver: names.dns, search: names.dnsSearch, options: names.dnsOptions};
  const kept = host.split('\n').filter((line) => {
    const keyword = /^\s*(nameserver|search|domain|options)\b/.exec(line)?.[1];
    if (keyword === 'nameserver' && replaced.nameserver.length > 0) return false;
    if ((keyword === 'search' || keyword === 'domain') && replaced.search.length > 0) return false;
    if (keyword === 'options' && replaced.options.length > 0) return false;
    return hostNetwork || !/^\s*nameserver\s+(127\.|::1)/.test(line);
  });
  const added = [
    ...replaced.nameserver.map((address) => `nameserver ${address}`),
    ...(replaced.search.length > 0 ? [`search ${replaced.search.join(' ')}`] : []),
    ...(replaced.options.length > 0 ? [`options ${replaced.options.join(' ')}`] : []),
  ];
  const text = kept.join('\n').replace(/\n*$/, '');
  return added.length === 0 ? kept.join('\n') : `${text}${text ? '\n' : ''}${added.join('\n')}\n`;
}

function hostFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
