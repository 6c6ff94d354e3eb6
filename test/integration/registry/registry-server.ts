import {spawn, execFileSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/**
 * Debian's distribution registry (`docker-registry`) on a free loopback port with a private storage dir,
 * optionally behind htpasswd basic auth. Ready once /v2/ answers; stopped by pid.
 */
export const REGISTRY_BINARY = '/usr/bin/docker-registry';

export interface TestRegistry {
  host: string;
  storage: string;
  stop: () => Promise<void>;
}

export function registryAvailable(): boolean {
  return existsSync(REGISTRY_BINARY) && existsSync('/usr/bin/skopeo');
}

function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForV2(host: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited with ${child.exitCode}: ${log()}`);
    try {
      const response = await fetch(`http://${host}/v2/`);
      if (response.status === 200 || response.status === 401) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`docker-registry did not answer on ${host}: ${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startRegistry(options: {user?: {name: string; password: string}} = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'islander-registry-'));
  const port = await freeLoopbackPort();
  const host = `127.0.0.1:${port}`;
  const storage = join(dir, 'storage');
  let auth = '';
  if (options.user) {
    const line = execFileSync('htpasswd', ['-Bbn', options.user.name, options.user.password], {encoding: 'utf8'});
    writeFileSync(join(dir, 'htpasswd'), line);
    auth = `auth:\n  htpasswd:\n    realm: islander-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  writeFileSync(join(dir, 'config.yml'), [
    'version: 0.1',
    'log:\n  level: error\n  accesslog:\n    disabled: true',
    `storage:\n  filesystem:\n    rootdirectory: ${storage}\n  delete:\n    enabled: true`,
    `http:\n  addr: ${host}`,
    auth,
  ].join('\n'));
  const child = spawn(REGISTRY_BINARY, ['serve', join(dir, 'config.yml')], {stdio: ['ignore', 'ignore', 'pipe']});
  let log = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => { log = (log + text).slice(-2000); });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dir, {recursive: true, force: true});
  };
  try {
    await waitForV2(host, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {host, storage, stop};
}
