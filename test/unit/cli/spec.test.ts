import {describe, expect, it} from 'vitest';
import {mergeEnv} from '../../../src/container/spec.js';

describe('mergeEnv', () => {
  it('overrides the image environment by key, in order, and copies bare keys from the caller', () => {
    const env = mergeEnv(['PATH=/bin', 'A=image'], ['A=flag', 'HOME_COPY', 'MISSING', 'B=x=y'], {HOME_COPY: '/root'});
    expect(env).toEqual(['PATH=/bin', 'A=flag', 'HOME_COPY=/root', 'B=x=y']);
  });

  it('adds a default PATH when the image has none', () => {
    expect(mergeEnv([], [], {})[0]).toMatch(/^PATH=\/usr\/local\/sbin:/);
  });

  it('refuses an empty key', () => {
    expect(() => mergeEnv([], ['=x'], {})).toThrow(/invalid environment variable/);
  });
});
