import {afterEach, describe, expect, it, vi} from 'vitest';
import {storePaths} from '../../src/paths.js';

describe('storePaths', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('keeps persistent state in /var/lib/islander and runtime state in /run/islander by default', () => {
    vi.stubEnv('ISLANDER_ROOT', '');
    vi.stubEnv('ISLANDER_RUNROOT', '');
    expect(storePaths()).toMatchObject({root: '/var/lib/islander', runRoot: '/run/islander', containers: '/var/lib/islander/containers'});
  });

  it('moves everything under --root, runtime state to ROOT/run', () => {
    vi.stubEnv('ISLANDER_RUNROOT', '');
    expect(storePaths('/tmp/x')).toMatchObject({root: '/tmp/x', runRoot: '/tmp/x/run', images: '/tmp/x/images'});
    vi.stubEnv('ISLANDER_ROOT', '/tmp/y');
    expect(storePaths()).toMatchObject({root: '/tmp/y', runRoot: '/tmp/y/run'});
  });

  it('moves the runtime state alone with --runroot or ISLANDER_RUNROOT, the flag first', () => {
    vi.stubEnv('ISLANDER_ROOT', '');
    vi.stubEnv('ISLANDER_RUNROOT', '/dev/shm/env-run');
    expect(storePaths('/tmp/x')).toMatchObject({root: '/tmp/x', runRoot: '/dev/shm/env-run'});
    expect(storePaths(undefined, '/dev/shm/flag-run')).toMatchObject({root: '/var/lib/islander', runRoot: '/dev/shm/flag-run'});
  });
});
