import {describe, expect, it} from 'vitest';
import {cgroupDriver} from '../../../src/cgroups/index.js';
import {containerNamer, islander, waitForRunning} from '../helpers.js';
import {driverVersion, holdIsle, onV2, remainingDirs} from './isles.js';

/**
 * An isle's group through `islander run`, on both drivers (this file runs on the v1 hosts and in the v2 lane):
 * the cgroup namespace, the driver's stats(), a real read throttle on the store's disk, and the group's removal.
 */
const named = containerNamer();

const MIB = 1024 * 1024;

describe(`an isle's cgroup (v${driverVersion})`, () => {
  it('is the root of its cgroup namespace', async () => {
    const result = await islander(['run', '--rm', 'alpine-stress', 'cat', '/proc/self/cgroup']);
    expect(result.exitCode).toBe(0);
    const lines = result.stdout.trim().split('\n');
    // v2 has one line, "0::/"; v1 one per hierarchy ("4:memory:/"), every one of them at its namespace's root.
    if (onV2) expect(lines).toEqual(['0::/']);
    else for (const line of lines) expect(line).toMatch(/^\d+:[^:]*:\/$/);
  });

  it('reports CPU, memory, pids and I/O from the kernel in stats()', async () => {
    // 4 MiB of O_DIRECT writes go to the disk at once, so the I/O counters see them before the handshake.
    const isle = await holdIsle(named('stats'), ['--rm', '-m', '64m'], {
      before: 'dd if=/dev/zero of=/written bs=1M count=4 oflag=direct 2>/dev/null',
    });
    const stats = cgroupDriver().open(isle.id)!.stats();
    expect(stats.cpuUsageNs).toBeGreaterThan(0);
    expect(stats.memoryUsageBytes).toBeGreaterThan(0);
    expect(stats.memoryLimitBytes).toBe(64 * MIB);
    expect(stats.pidsCurrent).toBeGreaterThanOrEqual(1);
    expect(stats.ioWriteBytes).toBeGreaterThanOrEqual(4 * MIB);
    expect((await isle.release()).exitCode).toBe(0);
  });

  it('throttles direct reads from the store disk with --device-read-bps', async () => {
    // The file is written unthrottled, then read back past the page cache at 2 MiB/s: about 3 s for 6 MiB.
    const result = await islander(['run', '--rm', '--device-read-bps', '2mb', 'alpine-stress', 'sh', '-c',
      'dd if=/dev/zero of=/probe bs=1M count=6 oflag=direct 2>/dev/null; read start _ < /proc/uptime; ' +
      'dd if=/probe of=/dev/null bs=1M iflag=direct 2>/dev/null; read end _ < /proc/uptime; echo $start $end']);
    expect(result.exitCode).toBe(0);
    const [start, end] = result.stdout.trim().split(' ').map(Number);
    const rate = (6 * MIB) / (end! - start!);
    expect(rate).toBeLessThan(2 * MIB * 1.35);
    expect(rate).toBeGreaterThan(2 * MIB * 0.5);
  });

  it('removes the group when a --rm isle exits', async () => {
    const name = named('rm-exit');
    const isle = await holdIsle(name, ['--rm', '--pids-limit', '8']);
    expect(remainingDirs(isle.cgroupPaths)).toEqual(isle.cgroupPaths);
    expect((await isle.release()).exitCode).toBe(0);
    expect(remainingDirs(isle.cgroupPaths)).toEqual([]);
    expect(cgroupDriver().open(isle.id)).toBeUndefined();
    expect((await islander(['inspect', name])).exitCode).toBe(125);
  });

  it('removes the group of a running isle with rm -f', async () => {
    const name = named('rm-force');
    const isle = await holdIsle(name, ['-m', '32m']);
    await waitForRunning(name);
    expect((await islander(['rm', '-f', name])).exitCode).toBe(0);
    expect(remainingDirs(isle.cgroupPaths)).toEqual([]);
    expect((await isle.release()).exitCode).not.toBe(0);
  });
});
