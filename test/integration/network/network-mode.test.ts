import {execFileSync, spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {hostname} from 'node:os';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {cliPath, containerNamer, testRoot, until} from '../helpers.js';

const named = containerNamer();

/**
 * --network host and none, inside a network namespace this file creates (a veth pair and loopback, nothing
 * routed anywhere): the CLI runs in it through nsenter, so a host-network container gets that namespace, and all
 * traffic stays on its loopback.
 */
describe('islander run --network', () => {
  const netns = `islander-test-${randomBytes(4).toString('hex')}`;
  const [vethA, vethB] = [`isl${randomBytes(3).toString('hex')}a`, `isl${randomBytes(3).toString('hex')}b`];

  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', netns]);
    execFileSync('ip', ['-n', netns, 'link', 'set', 'lo', 'up']);
    execFileSync('ip', ['-n', netns, 'link', 'add', vethA, 'type', 'veth', 'peer', 'name', vethB]);
  });
  // The containers go with containerNamer's own afterAll; a namespace outlives its name while they still run in it.
  afterAll(() => {
    execFileSync('ip', ['netns', 'del', netns]);
  });

  /** The CLI in the test's network namespace (nsenter keeps our /sys, and with it the cgroups; `ip netns exec` would not). */
  function inNetns(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
    const child = spawn('nsenter', [`--net=/run/netns/${netns}`, process.execPath, '--', cliPath, ...args],
      {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    return new Promise((resolve) => child.once('close', (code) => resolve({code, stdout, stderr})));
  }

  const links = 'echo $(ip -o link | cut -d: -f2 | cut -d@ -f1 | sort)';

  it("host: the namespace's interfaces and the host's name; none (the default): loopback only", async () => {
    const host = await inNetns(['run', '--rm', '--network', 'host', 'alpine-stress', 'sh', '-c', `${links}; hostname`]);
    expect(host).toMatchObject({code: 0, stdout: `${[vethA, vethB, 'lo'].sort().join(' ')}\n${hostname()}\n`});
    for (const flags of [[], ['--network', 'none']]) {
      expect(await inNetns(['run', '--rm', ...flags, 'alpine-stress', 'sh', '-c', links])).toMatchObject({code: 0, stdout: 'lo\n'});
    }
  });

  it("host: containers reach each other's servers on the namespace's loopback; a container of its own network does not", async () => {
    const server = named('server');
    expect((await inNetns(['run', '-d', '--name', server, '--net', 'host', 'alpine-stress', 'sh', '-c',
      'while :; do echo hello | nc -l -p 7777; done'])).code).toBe(0);
    expect((await inNetns(['inspect', '-f', '{{.HostConfig.NetworkMode}}', server])).stdout).toBe('host\n');
    let answer = '';
    await until(async () => {
      answer = (await inNetns(['run', '--rm', '--network', 'host', 'alpine-stress', 'nc', '127.0.0.1', '7777'])).stdout;
      return answer !== '';
    }, 15_000, 'the server container to listen');
    expect(answer).toBe('hello\n');
    const isolated = await inNetns(['run', '--rm', 'alpine-stress', 'sh', '-c', 'nc 127.0.0.1 7777 </dev/null; echo "exit $?"']);
    expect(isolated.stdout).toMatch(/exit [1-9]/);
  });

  it('refuses bridge (not there yet), unknown modes and --hostname with host, in one line each', async () => {
    const bridge = await inNetns(['run', '--rm', '--network', 'bridge', 'alpine-stress', 'true']);
    expect(bridge).toMatchObject({code: 125, stderr: expect.stringMatching(/^islander: --network bridge is not available: Islander has no bridge network yet; use --network host/)});
    expect((await inNetns(['run', '--rm', '--network', 'overlay', 'alpine-stress', 'true'])).stderr)
      .toBe("islander: unknown --network 'overlay': use none (the default, loopback only) or host\n");
    expect((await inNetns(['run', '--rm', '--network', 'host', '-h', 'x', 'alpine-stress', 'true'])).code).toBe(125);
  });
});
