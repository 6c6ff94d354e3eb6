import {existsSync, readdirSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {islander, testRoot} from '../helpers.js';

function containerCount(): number {
  const dir = join(testRoot(), 'containers');
  return existsSync(dir) ? readdirSync(dir).filter((entry) => !entry.startsWith('.')).length : 0;
}

const REFUSED: Array<[string, string[], RegExp]> = [
  ['memory below 4M', ['-m', '3m'], /memory/i],
  ['malformed memory unit', ['-m', '5q'], /memory/i],
  ['long spelling, malformed', ['--memory-in-bytes', 'lots'], /memory/i],
  ['cpu-shares below 2', ['--cpu-shares', '1'], /cpu-shares/],
  ['cpu-quota below 1000', ['--cpu-quota', '999'], /cpu-quota/],
  ['cpu-period out of range', ['--cpu-period', '500'], /cpu-period/],
  ['malformed cpus', ['--cpus', 'half'], /cpus/],
  ['more cpus than the host has', ['--cpus', '512'], /cpus/],
  ['malformed pids-limit', ['--pids-limit', 'ten'], /pids-limit/],
  ['unknown device', ['--device-write-bps', '/dev/no-such-disk:1mb'], /no-such-disk/],
  ['malformed rate', ['--device-read-bps', '/dev/vda:fast'], /device-read-bps/],
  ['swap below memory', ['-m', '100m', '--memory-swap', '50m'], /memory-swap/],
  ['unknown flag', ['--no-such-flag'], /unknown flag/],
  ['invalid name', ['--name', '../x'], /container name/],
];

describe('islander run refuses bad input before creating anything', () => {
  it.each(REFUSED)('%s', async (_label, flags, message) => {
    const before = containerCount();
    const result = await islander(['run', '--rm', ...flags, 'alpine-stress', 'true']);
    expect(result.exitCode).toBe(125);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(containerCount()).toBe(before);
  });

  it('refuses an unknown image and a missing image argument with exit 125', async () => {
    // --pull never: without it, run would try to pull no-such-image from Docker Hub, as Docker does.
    const unknown = await islander(['run', '--pull', 'never', 'no-such-image', 'true']);
    expect(unknown.exitCode).toBe(125);
    expect(unknown.stderr).toContain("no such image 'no-such-image'");
    expect((await islander(['run'])).exitCode).toBe(125);
  });

  it('refuses an unknown command with exit 125', async () => {
    const result = await islander(['frobnicate']);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain("unknown command 'frobnicate'");
  });
});
