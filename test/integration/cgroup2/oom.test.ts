import {describe, expect, it} from 'vitest';
import {containerNamer, inspect, islander, safeName} from '../helpers.js';
import {onV2} from './isles.js';

/**
 * OOM kills through `islander run -m`, on both drivers: the kernel's count (v2 memory.events, v1 memory.oom_control)
 * becomes inspect's OOMKilled. `--memory-oom-group` kills the whole isle on v2 and is refused on v1.
 */
const named = containerNamer();

// `tail /dev/zero` buffers one endless line, so it grows until the OOM killer takes it; the shell around it
// reports whether it survived.
const HOG = 'tail /dev/zero; echo "survived $?"';

describe('OOM kills under -m', () => {
  it('kills only the process that ran out, and inspect still says OOMKilled', async () => {
    const name = named('oom-one');
    const result = await islander(['run', '--name', name, '-m', '32m', '--memory-swap', '32m', 'alpine-stress', 'sh', '-c', HOG]);
    expect(result.stdout).toBe('survived 137\n');
    expect(result.exitCode).toBe(0);
    expect((await inspect(name)).State).toMatchObject({OOMKilled: true, ExitCode: 0});
  });

  it.skipIf(!onV2)('kills the whole isle with --memory-oom-group (memory.oom.group)', async () => {
    const name = named('oom-group');
    const result = await islander(['run', '--name', name, '-m', '32m', '--memory-swap', '32m', '--memory-oom-group',
      'alpine-stress', 'sh', '-c', HOG]);
    expect(result.stdout).toBe('');
    expect(result.exitCode).toBe(137);
    expect(result.stderr).toContain('32 MiB memory limit was reached');
    expect((await inspect(name)).State).toMatchObject({OOMKilled: true, ExitCode: 137});
  });

  it.skipIf(onV2)('refuses --memory-oom-group on cgroup v1 with one sentence, creating nothing', async () => {
    const name = safeName('oom-group-v1');
    const result = await islander(['run', '--rm', '--name', name, '-m', '32m', '--memory-oom-group', 'alpine-stress', 'true']);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain('--memory-oom-group is refused: this host uses cgroup v1, which has no group OOM kill');
    expect((await islander(['inspect', name])).exitCode).toBe(125);
  });
});
