import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {writeRuntimeFile} from '../util/atomic.js';

/**
 * /etc/hostname, /etc/hosts and /etc/resolv.conf for a container, written into its directory and bind-mounted
 * over the image's copies, as Docker does. The network is loopback only, so hosts maps the hostname to 127.0.1.1
 * and resolv.conf keeps the host's resolvers (a later network mode will reach them).
 */
export interface EtcFiles {
  hostname: string;
  hosts: string;
  resolvConf: string;
}

export function writeEtcFiles(containerDir: string, hostname: string): EtcFiles {
  const files: EtcFiles = {
    hostname: join(containerDir, 'hostname'),
    hosts: join(containerDir, 'hosts'),
    resolvConf: join(containerDir, 'resolv.conf'),
  };
  writeRuntimeFile(files.hostname, `${hostname}\n`);
  writeRuntimeFile(files.hosts, [
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    `127.0.1.1\t${hostname}`,
    '',
  ].join('\n'));
  writeRuntimeFile(files.resolvConf, hostResolvConf());
  return files;
}

function hostResolvConf(): string {
  try {
    // Loopback resolvers (systemd-resolved's 127.0.0.53) mean nothing inside the container's own network.
    return readFileSync('/etc/resolv.conf', 'utf8')
      .split('\n')
      .filter((line) => !/^\s*nameserver\s+(127\.|::1)/.test(line))
      .join('\n');
  } catch {
    return '';
  }
}
