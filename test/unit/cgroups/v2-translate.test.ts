import {describe, expect, it} from 'vitest';
import {cpuSharesToWeight, swapMaxFromMemsw, v2Writes} from '../../../src/cgroups/v2-translate.js';
import {IslanderError} from '../../../src/errors.js';

const MIB = 1024 * 1024;

function asPairs(resources: Parameters<typeof v2Writes>[0]): Array<[string, string]> {
  return v2Writes(resources).map((entry) => [entry.file, entry.value]);
}

describe('v2Writes', () => {
  it('writes nothing for no limits (devices have no v2 file)', () => {
    expect(asPairs({})).toEqual([]);
    expect(asPairs({devices: [{allow: false, access: 'rwm'}]})).toEqual([]);
  });

  it('turns --memory 500m (default swap) into memory.max and a separate swap amount', () => {
    expect(asPairs({memory: {limit: 500 * MIB, swap: 1000 * MIB}})).toEqual([
      ['memory.max', '524288000'],
      ['memory.swap.max', '524288000'],
    ]);
  });

  it('writes memory.swap.max 0 when memory+swap equals memory, and max for unlimited swap', () => {
    expect(asPairs({memory: {limit: 500 * MIB, swap: 500 * MIB}})).toContainEqual(['memory.swap.max', '0']);
    expect(asPairs({memory: {limit: 500 * MIB, swap: -1}})).toContainEqual(['memory.swap.max', 'max']);
  });

  it('writes memory.max only when no swap is set', () => {
    expect(asPairs({memory: {limit: 8 * MIB}})).toEqual([['memory.max', '8388608']]);
  });

  it('maps an unlimited memory limit to max, and reservation to memory.low', () => {
    expect(asPairs({memory: {limit: -1}})).toEqual([['memory.max', 'max'], ['memory.swap.max', 'max']]);
    expect(asPairs({memory: {reservation: 64 * MIB}})).toEqual([['memory.low', '67108864']]);
  });

  it('turns quota and period into one cpu.max line', () => {
    expect(asPairs({cpu: {quota: 50000, period: 100000}})).toEqual([['cpu.max', '50000 100000']]);
    expect(asPairs({cpu: {quota: 20000}})).toEqual([['cpu.max', '20000 100000']]);
    expect(asPairs({cpu: {period: 50000}})).toEqual([['cpu.max', 'max 50000']]);
    expect(asPairs({cpu: {quota: -1, period: 1000000}})).toEqual([['cpu.max', 'max 1000000']]);
  });

  it('turns shares into cpu.weight and passes the cpuset through', () => {
    expect(asPairs({cpu: {shares: 1024, cpus: '0-1,3', mems: '0'}})).toEqual([
      ['cpu.weight', '100'],
      ['cpuset.cpus', '0-1,3'],
      ['cpuset.mems', '0'],
    ]);
  });

  it('writes pids.max, with max for unlimited', () => {
    expect(asPairs({pids: {limit: 32}})).toEqual([['pids.max', '32']]);
    expect(asPairs({pids: {limit: -1}})).toEqual([['pids.max', 'max']]);
    expect(asPairs({pids: {limit: 0}})).toEqual([['pids.max', 'max']]);
  });

  it('writes one io.max line per device with read and write rates together', () => {
    expect(asPairs({
      blockIO: {
        throttleReadBpsDevice: [{major: 254, minor: 0, rate: MIB}, {major: 8, minor: 16, rate: 3 * MIB}],
        throttleWriteBpsDevice: [{major: 254, minor: 0, rate: 2 * MIB}],
        throttleWriteIOPSDevice: [{major: 8, minor: 16, rate: 100}],
      },
    })).toEqual([
      ['io.max', '254:0 rbps=1048576 wbps=2097152'],
      ['io.max', '8:16 rbps=3145728 wiops=100'],
    ]);
  });

  it('orders controllers memory, cpu, pids, io', () => {
    const files = asPairs({
      pids: {limit: 5},
      blockIO: {throttleWriteBpsDevice: [{major: 254, minor: 0, rate: 1}]},
      cpu: {shares: 2},
      memory: {limit: 4 * MIB},
    }).map(([file]) => file);
    expect(files).toEqual(['memory.max', 'cpu.weight', 'pids.max', 'io.max']);
  });
});

describe('v2Writes: linux.resources.unified', () => {
  it('writes memory.oom.group after the translated limits', () => {
    expect(asPairs({memory: {limit: 64 * MIB}, unified: {'memory.oom.group': '1'}})).toEqual([
      ['memory.max', '67108864'],
      ['memory.oom.group', '1'],
    ]);
  });

  it.each(['../../memory.max', 'cgroup.procs', 'cgroup.subtree_control', 'memory', '/etc/passwd'])(
    'refuses the key %j, which is not a controller file of the group', (key) => {
      expect(() => v2Writes({unified: {[key]: '1'}})).toThrow(/not a cgroup v2 controller file/);
    });
});

describe('cpuSharesToWeight (current runc/crun curve)', () => {
  it.each([
    [2, 1],
    [1024, 100],
    [262144, 10000],
    [512, 59],
    [2048, 174],
    [1, 1],
    [300000, 10000],
  ])('maps %d shares to weight %d', (shares, weight) => {
    expect(cpuSharesToWeight(shares)).toBe(weight);
  });

  it('is monotonic and stays within 1..10000', () => {
    let previous = 0;
    for (let shares = 2; shares <= 262144; shares += 97) {
      const weight = cpuSharesToWeight(shares);
      expect(weight).toBeGreaterThanOrEqual(previous);
      expect(weight).toBeGreaterThanOrEqual(1);
      expect(weight).toBeLessThanOrEqual(10000);
      previous = weight;
    }
  });
});

describe('swapMaxFromMemsw', () => {
  it('subtracts the memory limit from memory+swap', () => {
    expect(swapMaxFromMemsw(1000, 600)).toBe(400);
    expect(swapMaxFromMemsw(600, 600)).toBe(0);
  });

  it('keeps unset and unlimited as they are', () => {
    expect(swapMaxFromMemsw(0, 600)).toBeUndefined();
    expect(swapMaxFromMemsw(-1, 600)).toBe(-1);
    expect(swapMaxFromMemsw(0, -1)).toBe(-1);
    expect(swapMaxFromMemsw(800, -1)).toBe(800);
  });

  it('refuses swap without a memory limit and swap below the limit', () => {
    expect(() => swapMaxFromMemsw(800, 0)).toThrow(IslanderError);
    expect(() => swapMaxFromMemsw(500, 600)).toThrow(/below the memory limit/);
  });
});
