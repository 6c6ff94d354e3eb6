import {describe, expect, it} from 'vitest';
import {cgroupDriver} from '../../../src/cgroups/index.js';
import {containerNamer, inspect, islander, startRun, waitForRunning} from '../helpers.js';

const named = containerNamer();

/** CPU seconds per wall second a container used over `ms`, read from its cgroup. */
async function cpuRate(id: string, ms: number): Promise<number> {
  const group = cgroupDriver().open(id)!;
  const start = group.stats().cpuUsageNs;
  const t0 = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = group.stats().cpuUsageNs - start;
  return used / Number(process.hrtime.bigint() - t0);
}

describe('islander run: resource limits', () => {
  it('OOM-kills past -m 500m, exits non-zero, says so in one line, and inspect shows OOMKilled', async () => {
    const name = named('oom');
    const result = await islander(['run', '--name', name, '-m', '500m', 'alpine-stress', 'stress', '--vm', '1', '--vm-bytes', '1G', '--vm-keep']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toContain('500 MiB memory limit was reached');
    const details = await inspect(name);
    expect(details.State.OOMKilled).toBe(true);
    expect(details.HostConfig.Memory).toBe(500 * 1024 * 1024);
  });

  it('lets a process stay within -m 500m', async () => {
    const result = await islander(['run', '--rm', '-m', '500m', 'alpine-stress', 'stress', '--vm', '1', '--vm-bytes', '200M', '--timeout', '3s']);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).not.toContain('OOM');
  });

  it('holds stress --cpu 2 to about half a CPU with --cpus 0.5', async () => {
    const name = named('cpus');
    const done = startRun(['--name', name, '--cpus', '0.5', 'alpine-stress', 'stress', '--cpu', '2', '--timeout', '6s']);
    const {Id} = await waitForRunning(name);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rate = await cpuRate(Id, 3000);
    // The quota caps it at 0.5; the lower bound only proves it ran (a loaded machine may give it less).
    expect(rate).toBeGreaterThan(0.25);
    expect(rate).toBeLessThan(0.6);
    expect(await done).toBe(0);
  });

  it('splits one pinned CPU about 2:1 between --cpu-shares 1024 and 512', async () => {
    const heavy = named('shares-1024');
    const light = named('shares-512');
    const runs = [
      startRun(['--name', heavy, '--cpuset-cpus', '0', '--cpu-shares', '1024', 'alpine-stress', 'stress', '--cpu', '1', '--timeout', '7s']),
      startRun(['--name', light, '--cpuset-cpus', '0', '--cpu-shares', '512', 'alpine-stress', 'stress', '--cpu', '1', '--timeout', '7s']),
    ];
    const [a, b] = await Promise.all([waitForRunning(heavy), waitForRunning(light)]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const [heavyRate, lightRate] = await Promise.all([cpuRate(a.Id, 3000), cpuRate(b.Id, 3000)]);
    const ratio = heavyRate / lightRate;
    expect(ratio).toBeGreaterThan(1.5);
    expect(ratio).toBeLessThan(2.7);
    expect(heavyRate + lightRate).toBeLessThan(1.15);
    await Promise.all(runs);
  });

  it('contains a fork bomb with --pids-limit 32', async () => {
    const result = await islander(['run', '--rm', '--pids-limit', '32', 'alpine-stress', 'sh', '-c',
      // The bomb runs in a subshell that dies when fork fails; the count uses only builtins (no fork left).
      '(i=0; while [ $i -lt 100 ]; do sleep 30 & i=$((i+1)); done) 2>/dev/null; set -- /proc/[0-9]*; echo $#']);
    expect(result.exitCode).toBe(0);
    const processes = Number(result.stdout.trim().split('\n').at(-1));
    expect(processes).toBeGreaterThan(10);
    expect(processes).toBeLessThanOrEqual(32);
  });

  it('throttles direct writes with --device-write-bps', async () => {
    const result = await islander(['run', '--rm', '--device-write-bps', '2mb', 'alpine-stress', 'sh', '-c',
      'read start _ < /proc/uptime; dd if=/dev/zero of=/throttled bs=1M count=6 oflag=direct 2>/dev/null; read end _ < /proc/uptime; echo $start $end']);
    expect(result.exitCode).toBe(0);
    const [start, end] = result.stdout.trim().split(' ').map(Number);
    const elapsedMs = (end! - start!) * 1000;
    const rate = (6 * 1024 * 1024) / (elapsedMs / 1000);
    expect(rate).toBeLessThan(2 * 1024 * 1024 * 1.35);
    expect(rate).toBeGreaterThan(2 * 1024 * 1024 * 0.5);
  });
});
