import {describe, expect, it} from 'vitest';
import {
  describeCpuQuota, describeMemory, describeRate, parseByteSize, parseResources, type BlockDeviceLookup, type HostInfo,
  type ResourceFlags,
} from '../../src/container/resources.js';
import {IslanderError} from '../../src/errors.js';

const MIB = 1024 * 1024;

/** A two-CPU host whose store is on /dev/vda (254:0); /dev/vda1 is its partition; /dev/null is no disk. */
const host: HostInfo = {
  onlineCpus: [0, 1],
  blockDeviceOfNode(path: string): BlockDeviceLookup {
    if (path === '/dev/vda' || path === '/dev/vda1') return {device: {major: 254, minor: 0}};
    if (path === '/dev/sdb') return {device: {major: 8, minor: 16}};
    if (path === '/dev/null') return {problem: '/dev/null is not a block device'};
    return {problem: `${path} does not exist`};
  },
  storeBlockDevice: () => ({device: {major: 254, minor: 0}}),
  cgroupVersion: () => 2,
};

const tmpfsHost: HostInfo = {
  ...host,
  storeBlockDevice: () => ({problem: 'the container store /run/x is on a tmpfs filesystem, which has no block device to throttle'}),
};

function parse(flags: Partial<ResourceFlags>, on: HostInfo = host) {
  return parseResources({deviceReadBps: [], deviceWriteBps: [], ...flags}, on);
}

/** Asserts a usage refusal (exit 125) whose message names the flag and the value. */
function expectRefused(flags: Partial<ResourceFlags>, flagName: string, value: string, on: HostInfo = host): IslanderError {
  let caught: unknown;
  try {
    parse(flags, on);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(IslanderError);
  const error = caught as IslanderError;
  expect(error.code).toBe('usage');
  expect(error.exitCode).toBe(125);
  expect(error.message).toContain(flagName);
  expect(error.message).toContain(value);
  expect(error.message).not.toContain('\n');
  return error;
}

describe('parseByteSize', () => {
  it.each([
    ['1048576', 1048576],
    ['0', 0],
    ['100b', 100],
    ['100B', 100],
    ['512k', 512 * 1024],
    ['512K', 512 * 1024],
    ['512kb', 512 * 1024],
    ['512KiB', 512 * 1024],
    ['500m', 500 * MIB],
    ['500M', 500 * MIB],
    ['500mb', 500 * MIB],
    ['500MiB', 500 * MIB],
    ['1g', 1024 * MIB],
    ['1GB', 1024 * MIB],
    ['1.5g', 1536 * MIB],
    ['2t', 2 * 1024 * 1024 * MIB],
    [' 10m ', 10 * MIB],
  ])('reads %j as %d bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['', 'm', '-1', '10x', '10 m', '1.5.3g', '10mm', '1e6', '0x10', 'ten', '10bb', '99999999999999t'])(
    'refuses %j', (text) => {
      expect(parseByteSize(text)).toBeUndefined();
    });
});

describe('parseResources: memory', () => {
  it('sets nothing when no flag is given', () => {
    expect(parse({})).toEqual({});
  });

  it('turns --memory 500m into bytes, with as much swap as memory by default (Docker)', () => {
    expect(parse({memory: '500m'}).memory).toEqual({limit: 524288000, swap: 2 * 524288000});
  });

  it.each([['4m', 4 * MIB], ['1g', 1024 * MIB], ['1.5g', 1536 * MIB], ['4194304', 4 * MIB], ['8192k', 8 * MIB]])(
    'accepts --memory %s', (text, bytes) => {
      expect(parse({memory: text}).memory?.limit).toBe(bytes);
    });

  it('accepts --memory-in-bytes, plain bytes or with a unit', () => {
    expect(parse({memoryInBytes: '524288000'}).memory?.limit).toBe(524288000);
    expect(parse({memoryInBytes: '500m'}).memory?.limit).toBe(524288000);
  });

  it('treats --memory 0 as no limit, as Docker does', () => {
    expect(parse({memory: '0'}).memory).toBeUndefined();
  });

  it('takes --memory-swap as memory and swap together', () => {
    expect(parse({memory: '500m', memorySwap: '1g'}).memory).toEqual({limit: 500 * MIB, swap: 1024 * MIB});
    expect(parse({memory: '500m', memorySwap: '500m'}).memory).toEqual({limit: 500 * MIB, swap: 500 * MIB});
    expect(parse({memory: '500m', memorySwap: '-1'}).memory).toEqual({limit: 500 * MIB, swap: -1});
    expect(parse({memory: '500m', memorySwap: '0'}).memory).toEqual({limit: 500 * MIB, swap: 1000 * MIB});
  });

  it.each([['3m'], ['4194303'], ['1k'], ['100']])('refuses --memory %s as below 4 MiB', (text) => {
    const error = expectRefused({memory: text}, '--memory', text);
    expect(error.message).toContain('4 MiB');
  });

  it.each([['abc'], ['-5m'], ['10x'], ['5 m'], ['']])('refuses the malformed --memory %j', (text) => {
    expectRefused({memory: text}, '--memory', `"${text}"`);
  });

  it('refuses a malformed --memory-in-bytes under its own name', () => {
    expectRefused({memoryInBytes: 'lots'}, '--memory-in-bytes', 'lots');
  });

  it('refuses --memory and --memory-in-bytes together', () => {
    expectRefused({memory: '10m', memoryInBytes: '10m'}, '--memory-in-bytes', '--memory');
  });

  it('refuses --memory-swap without --memory', () => {
    expectRefused({memorySwap: '1g'}, '--memory-swap', '1g');
    expectRefused({memorySwap: '-1'}, '--memory-swap', '-1');
  });

  it('refuses --memory-swap below --memory', () => {
    const error = expectRefused({memory: '500m', memorySwap: '100m'}, '--memory-swap', '100m');
    expect(error.message).toContain('500 MiB');
  });

  it('refuses a malformed --memory-swap', () => {
    expectRefused({memory: '500m', memorySwap: '-2'}, '--memory-swap', '-2');
    expectRefused({memory: '500m', memorySwap: 'big'}, '--memory-swap', 'big');
  });
});

describe('parseResources: --memory-oom-group', () => {
  it('asks cgroup v2 for a whole-container OOM kill through linux.resources.unified', () => {
    expect(parse({memory: '64m', memoryOomGroup: true})).toEqual({
      memory: {limit: 64 * MIB, swap: 128 * MIB},
      unified: {'memory.oom.group': '1'},
    });
    expect(parse({memoryOomGroup: false})).toEqual({});
  });

  it('is refused on cgroup v1, in one sentence that says why', () => {
    let caught: unknown;
    try {
      parse({memoryOomGroup: true}, {...host, cgroupVersion: () => 1});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IslanderError);
    expect((caught as IslanderError).exitCode).toBe(125);
    expect((caught as IslanderError).message).toBe(
      '--memory-oom-group is refused: this host uses cgroup v1, which has no group OOM kill (it kills one process at a time)');
  });
});

describe('parseResources: cpu', () => {
  it.each([['0.5', 50000], ['1', 100000], ['2', 200000], ['1.5', 150000], ['0.01', 1000], ['.25', 25000], ['2.0', 200000]])(
    'turns --cpus %s into a quota of %d per 100000 µs', (text, quota) => {
      expect(parse({cpus: text}).cpu).toEqual({quota, period: 100000});
    });

  it('refuses --cpus above the online CPU count', () => {
    const error = expectRefused({cpus: '3'}, '--cpus', '3');
    expect(error.message).toContain('2 online CPUs');
    expectRefused({cpus: '2.01'}, '--cpus', '2.01');
  });

  it.each(['0', '0.001', '-1', 'half', '1,5', '', '1e1'])('refuses --cpus %j', (text) => {
    expectRefused({cpus: text}, '--cpus', `"${text}"`);
  });

  it('refuses --cpus together with --cpu-quota or --cpu-period', () => {
    expectRefused({cpus: '1', cpuQuota: '50000'}, '--cpus', '--cpu-quota');
    expectRefused({cpus: '1', cpuPeriod: '50000'}, '--cpus', '--cpu-period');
  });

  it('accepts --cpu-quota and --cpu-period, alone or together', () => {
    expect(parse({cpuQuota: '50000'}).cpu).toEqual({quota: 50000});
    expect(parse({cpuPeriod: '50000'}).cpu).toEqual({period: 50000});
    expect(parse({cpuQuota: '1000', cpuPeriod: '1000'}).cpu).toEqual({quota: 1000, period: 1000});
    expect(parse({cpuQuota: '-1', cpuPeriod: '1000000'}).cpu).toEqual({quota: -1, period: 1000000});
  });

  it.each(['999', '0', '-2', '1.5', 'x'])('refuses --cpu-quota %s', (text) => {
    expectRefused({cpuQuota: text}, '--cpu-quota', text);
  });

  it.each(['999', '1000001', '0', '-1', 'x'])('refuses --cpu-period %s', (text) => {
    expectRefused({cpuPeriod: text}, '--cpu-period', text);
  });

  it.each([['2', 2], ['512', 512], ['1024', 1024], ['262144', 262144]])('accepts --cpu-shares %s', (text, shares) => {
    expect(parse({cpuShares: text}).cpu).toEqual({shares});
  });

  it.each(['1', '0', '-1', '262145', 'lots', '10.5'])('refuses --cpu-shares %s', (text) => {
    expectRefused({cpuShares: text}, '--cpu-shares', text);
  });

  it.each(['0', '1', '0-1', '0,1', '1,0', '0-0'])('accepts --cpuset-cpus %s of the online CPUs', (text) => {
    expect(parse({cpusetCpus: text}).cpu).toEqual({cpus: text});
  });

  it('refuses --cpuset-cpus naming an offline CPU, and says which are online', () => {
    const error = expectRefused({cpusetCpus: '0-3'}, '--cpuset-cpus', '0-3');
    expect(error.message).toContain('CPU 2');
    expect(error.suggestion).toContain('0-1');
  });

  it.each(['', 'a', '1-', '-1', '0,,1', '1-0', '0-1,', '0 1'])('refuses the malformed --cpuset-cpus %j', (text) => {
    expectRefused({cpusetCpus: text}, '--cpuset-cpus', `"${text}"`);
  });

  it('combines shares, quota, period and cpuset', () => {
    expect(parse({cpuShares: '512', cpuQuota: '20000', cpuPeriod: '50000', cpusetCpus: '1'}).cpu)
      .toEqual({shares: 512, quota: 20000, period: 50000, cpus: '1'});
  });
});

describe('parseResources: pids', () => {
  it('accepts a positive limit, and 0 or -1 as unlimited', () => {
    expect(parse({pidsLimit: '32'}).pids).toEqual({limit: 32});
    expect(parse({pidsLimit: '0'}).pids).toEqual({limit: -1});
    expect(parse({pidsLimit: '-1'}).pids).toEqual({limit: -1});
  });

  it.each(['-2', 'many', '3.5', ''])('refuses --pids-limit %j', (text) => {
    expectRefused({pidsLimit: text}, '--pids-limit', `"${text}"`);
  });
});

describe('parseResources: block I/O', () => {
  it.each([
    ['/dev/vda:1mb', 254, 0, MIB],
    ['/dev/vda:10m', 254, 0, 10 * MIB],
    ['/dev/vda:512kb', 254, 0, 512 * 1024],
    ['/dev/vda:512k', 254, 0, 512 * 1024],
    ['/dev/vda:1gb', 254, 0, 1024 * MIB],
    ['/dev/vda:1048576', 254, 0, MIB],
    ['/dev/vda1:1mb', 254, 0, MIB],
    ['/dev/sdb:2m', 8, 16, 2 * MIB],
    ['1mb', 254, 0, MIB],
    ['10m', 254, 0, 10 * MIB],
  ])('turns --device-write-bps %s into %d:%d at %d B/s', (entry, major, minor, rate) => {
    expect(parse({deviceWriteBps: [entry]}).blockIO).toEqual({throttleWriteBpsDevice: [{major, minor, rate}]});
  });

  it('keeps read and write limits apart, and the last limit per device', () => {
    expect(parse({deviceReadBps: ['1mb', '/dev/sdb:3m'], deviceWriteBps: ['/dev/vda:1m', '/dev/vda:2m']}).blockIO).toEqual({
      throttleReadBpsDevice: [{major: 254, minor: 0, rate: MIB}, {major: 8, minor: 16, rate: 3 * MIB}],
      throttleWriteBpsDevice: [{major: 254, minor: 0, rate: 2 * MIB}],
    });
  });

  it('refuses an unknown device, a non-block device and a missing device', () => {
    expectRefused({deviceWriteBps: ['/dev/nope:1mb']}, '--device-write-bps', '/dev/nope does not exist');
    expectRefused({deviceReadBps: ['/dev/null:1mb']}, '--device-read-bps', 'not a block device');
    expectRefused({deviceReadBps: [':1mb']}, '--device-read-bps', ':1mb');
  });

  it.each(['/dev/vda:fast', '/dev/vda:', '/dev/vda:-1mb', '/dev/vda:1xb', 'fast', '/dev/vda:0', '0'])(
    'refuses the rate in %j', (entry) => {
      expectRefused({deviceWriteBps: [entry]}, '--device-write-bps', entry);
    });

  it('refuses a bare rate when the store has no block device', () => {
    const error = expectRefused({deviceWriteBps: ['1mb']}, '--device-write-bps', 'tmpfs', tmpfsHost);
    expect(error.suggestion).toContain('/dev/');
  });
});

describe('describing limits for people', () => {
  it.each([
    [524288000, '500 MiB'],
    [4 * MIB, '4 MiB'],
    [1024 * MIB, '1 GiB'],
    [1536 * MIB, '1.5 GiB'],
    [512 * 1024, '512 KiB'],
    [1000, '1000 bytes'],
  ])('describeMemory(%d) = %s', (bytes, text) => {
    expect(describeMemory(bytes)).toBe(text);
  });

  it('describes rates and CPU quotas', () => {
    expect(describeRate(MIB)).toBe('1 MiB/s');
    expect(describeCpuQuota(50000, 100000)).toBe('0.5 CPUs');
    expect(describeCpuQuota(100000)).toBe('1 CPU');
  });
});
