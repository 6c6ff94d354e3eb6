import {describe, expect, it} from 'vitest';
import {islander} from '../helpers.js';
import {driverVersion, onV2} from './isles.js';

/**
 * The default device rules, seen from inside an isle: v2 (the lane's guest) enforces them with the BPF program
 * isle-shim attaches to the group, v1 with the devices controller; the isle sees the same thing on both.
 * Creating a node is allowed, opening one outside the list is not. /dev/kmsg (c 1:11) is the probe: opening it to
 * write needs no capability, so only the device rules can refuse it.
 */
describe(`device rules (cgroup v${driverVersion}${onV2 ? ': BPF program' : ': devices controller'})`, () => {
  it('mknod of c 1:11 succeeds, reading it is not permitted', async () => {
    const result = await islander(['run', '--rm', 'alpine-stress', 'sh', '-c', 'mknod /tmp/k c 1 11 && head -c1 /tmp/k']);
    expect(result.stderr).toContain('/tmp/k: Operation not permitted');
    expect(result.exitCode).toBe(1);
  });

  it('/dev/null works, and opening the node to write is not permitted either', async () => {
    const result = await islander(['run', '--rm', 'alpine-stress', 'sh', '-c',
      'head -c1 /dev/null && echo null-ok; mknod /tmp/k c 1 11 && echo mknod-ok; (true > /tmp/k) 2>&1; echo done']);
    expect(result.stdout).toMatch(/^null-ok\nmknod-ok\n.*can't create \/tmp\/k: Operation not permitted\ndone\n$/);
    expect(result.exitCode).toBe(0);
  });
});
