import {describe, expect, it} from 'vitest';
import type {ImageRecord} from '../../../src/image/types.js';
import {mergeEnv, parseNetworkMode, validateRun, type RunOptions} from '../../../src/container/spec.js';

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

describe('restart policies and log options', () => {
  it("accepts Docker's --restart forms", async () => {
    const {parseRestartPolicy, restartArgument} = await import('../../../src/container/spec.js');
    expect(parseRestartPolicy(undefined, false)).toEqual({name: 'no', maximumRetryCount: 0});
    expect(parseRestartPolicy('on-failure:3', false)).toEqual({name: 'on-failure', maximumRetryCount: 3});
    expect(restartArgument(parseRestartPolicy('on-failure:3', false))).toBe('on-failure:3');
    expect(restartArgument(parseRestartPolicy('unless-stopped', false))).toBe('unless-stopped');
    expect(() => parseRestartPolicy('always:2', false)).toThrow(/invalid --restart/);
    expect(() => parseRestartPolicy('sometimes', false)).toThrow(/invalid --restart/);
    expect(() => parseRestartPolicy('always', true)).toThrow(/--rm conflict/);
  });

  it('parses --log-opt max-size and max-file', async () => {
    const {parseLogOpts} = await import('../../../src/container/spec.js');
    expect(parseLogOpts([])).toEqual({maxSize: 0, maxFile: 1});
    expect(parseLogOpts(['max-size=10m', 'max-file=3'])).toEqual({maxSize: 10 * 1024 * 1024, maxFile: 3});
    expect(parseLogOpts(['max-size=10m,max-file=3'])).toEqual({maxSize: 10 * 1024 * 1024, maxFile: 3});
    expect(() => parseLogOpts(['max-file=3'])).toThrow(/needs max-size/);
    expect(() => parseLogOpts(['max-size=lots'])).toThrow(/max-size/);
    expect(() => parseLogOpts(['compress=true'])).toThrow(/unknown --log-opt/);
  });
});

describe('the command: entrypoint and cmd, as Docker combines them', () => {
  const image = {config: {Env: [], Entrypoint: ['/entry'], Cmd: ['default'], WorkingDir: '', User: ''}} as unknown as ImageRecord;
  const spec = (options: Partial<RunOptions>) => {
    const {args, entrypoint, cmd} = validateRun({image: 'app', command: [], autoRemove: false, env: [], tty: false, interactive: false, init: false, logOpts: [], ...options}, image, {}, {});
    return {args, entrypoint, cmd};
  };

  it("runs the image's entrypoint with its Cmd, or with the command given", () => {
    expect(spec({})).toEqual({args: ['/entry', 'default'], entrypoint: ['/entry'], cmd: ['default']});
    expect(spec({command: ['x', 'y']})).toEqual({args: ['/entry', 'x', 'y'], entrypoint: ['/entry'], cmd: ['x', 'y']});
  });

  it("--entrypoint replaces the image's and drops its Cmd; --entrypoint '' clears it and keeps the Cmd", () => {
    expect(spec({entrypoint: 'sh'})).toEqual({args: ['sh'], entrypoint: ['sh'], cmd: []});
    expect(spec({entrypoint: 'sh', command: ['-c', 'echo']})).toEqual({args: ['sh', '-c', 'echo'], entrypoint: ['sh'], cmd: ['-c', 'echo']});
    expect(spec({entrypoint: ''})).toEqual({args: ['default'], entrypoint: [], cmd: ['default']});
  });
});

describe('--network', () => {
  it('takes none (the default) and host, and says that there is no bridge yet', () => {
    expect([parseNetworkMode(undefined), parseNetworkMode('none'), parseNetworkMode('host')]).toEqual(['none', 'none', 'host']);
    expect(() => parseNetworkMode('bridge')).toThrow('--network bridge is not available: Islander has no bridge network yet');
    expect(() => parseNetworkMode('container:web')).toThrow("unknown --network 'container:web'");
  });
});
