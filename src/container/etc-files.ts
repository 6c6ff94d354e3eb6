import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {writeRuntimeFile} from '../util/atomic.js';

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

export function writeEtcFiles(containerDir: string, hostname: string, hostNetwork: boolean): EtcFiles {
  const files: EtcFiles = {
    hostname: join(containerDir, 'hostname'),
    hosts: join(containerDir, 'hosts'),
    resolvConf: join(containerDir, 'resolv.conf'),
  };
  writeRuntimeFile(files.hostname, `${hostname}\n`);
  writeRuntimeFile(files.hosts, hostNetwork ? hostFile('/etc/hosts') : [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    `127.0.1.1\t${hostname}`,
    '',
  ].join('\n'));
  const resolvConf = hostFile('/etc/resolv.conf');
  // Loopback resolvers (systemd-resolved's 127.0.0.53) mean nothing inside a network of the container's own.
  writeRuntimeFile(files.resolvConf, hostNetwork ? resolvConf
    : resolvConf.split('\n').filter((line) => !/^\s*nameserver\s+(127\.|::1)/.test(line)).join('\n'));
  return files;
}

function hostFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
