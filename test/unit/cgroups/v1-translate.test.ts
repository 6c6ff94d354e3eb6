import {describe, expect, it} from 'vitest';
import {DEFAULT_DEVICE_RULES, deviceRuleLine} from '../../../src/cgroups/devices.js';
import {orderV1MemoryWrites, v1Writes} from '../../../src/cgroups/v1-translate.js';
import type {CgroupWrite} from '../../../src/cgroups/types.js';

const MIB = 1024 * 1024;

function asTriples(writes: CgroupWrite[]): Array<[string | undefined, string, string]> {
  return writes.map((entry) => [entry.controller, entry.file, entry.value]);
}

function nonDevice(resources: Parameters<typeof v1Writes>[0]) {
  return asTriples(v1Writes(resources).filter((entry) => entry.controller !== 'devices'));
}

describe('v1Writes', () => {
  it('writes memory before memsw', () => {
    expect(nonDevice({memory: {limit: 500 * MIB, swap: 1000 * MIB}})).toEqual([
      ['memory', 'memory.limit_in_bytes', '524288000'],
      ['memory', 'memory.memsw.limit_in_bytes', '1048576000'],
    ]);
    expect(nonDevice({memory: {limit: 500 * MIB, swap: -1}})).toContainEqual(['memory', 'memory.memsw.limit_in_bytes', '-1']);
  });

  it('writes the cfs period before the quota', () => {
    expect(nonDevice({cpu: {quota: 50000, period: 100000, shares: 512}})).toEqual([
      ['cpu', 'cpu.shares', '512'],
      ['cpu', 'cpu.cfs_period_us', '100000'],
      ['cpu', 'cpu.cfs_quota_us', '50000'],
    ]);
  });

  it('writes cpuset, pids and blkio throttles', () => {
    expect(nonDevice({
      cpu: {cpus: '1'},
      pids: {limit: 32},
      blockIO: {throttleReadBpsDevice: [{major: 254, minor: 0, rate: 1024}], throttleWriteBpsDevice: [{major: 8, minor: 0, rate: MIB}]},
    })).toEqual([
      ['cpuset', 'cpuset.cpus', '1'],
      ['pids', 'pids.max', '32'],
      ['blkio', 'blkio.throttle.read_bps_device', '254:0 1024'],
      ['blkio', 'blkio.throttle.write_bps_device', '8:0 1048576'],
    ]);
    expect(nonDevice({pids: {limit: -1}})).toEqual([['pids', 'pids.max', 'max']]);
  });

  it('denies all devices, then allows the default list, when the spec has none', () => {
    const devices = asTriples(v1Writes({}));
    expect(devices[0]).toEqual(['devices', 'devices.deny', 'a *:* rwm']);
    expect(devices).toContainEqual(['devices', 'devices.allow', 'c 1:3 rwm']);
    expect(devices).toContainEqual(['devices', 'devices.allow', 'c 136:* rwm']);
    expect(devices).toContainEqual(['devices', 'devices.allow', 'c *:* m']);
    expect(devices).not.toContainEqual(['devices', 'devices.allow', 'c 10:200 rwm']);
    expect(devices).toHaveLength(DEFAULT_DEVICE_RULES.length);
  });

  it('uses the spec\'s own device rules when given', () => {
    expect(asTriples(v1Writes({devices: [{allow: false, access: 'rwm'}, {allow: true, type: 'b', major: 7, minor: 0, access: 'r'}]})))
      .toEqual([['devices', 'devices.deny', 'a *:* rwm'], ['devices', 'devices.allow', 'b 7:0 r']]);
  });
});

describe('v1Writes: linux.resources.unified', () => {
  it('refuses cgroup v2 files rather than dropping them', () => {
    expect(() => v1Writes({unified: {'memory.oom.group': '1'}})).toThrow(
      'cgroup v1 cannot apply memory.oom.group: those are cgroup v2 settings');
    expect(v1Writes({unified: {}}).length).toBe(v1Writes({}).length);
  });
});

describe('orderV1MemoryWrites', () => {
  const writes = v1Writes({memory: {limit: 100 * MIB, swap: 200 * MIB}, pids: {limit: 3}})
    .filter((entry) => entry.controller !== 'devices');

  it('keeps memory first when lowering (or limiting a new, unlimited group)', () => {
    expect(orderV1MemoryWrites(writes, 2 ** 62).map((entry) => entry.file))
      .toEqual(['memory.limit_in_bytes', 'memory.memsw.limit_in_bytes', 'pids.max']);
  });

  it('puts memsw first when raising the limit', () => {
    expect(orderV1MemoryWrites(writes, 50 * MIB).map((entry) => entry.file))
      .toEqual(['memory.memsw.limit_in_bytes', 'memory.limit_in_bytes', 'pids.max']);
  });
});

describe('deviceRuleLine', () => {
  it('writes wildcards for missing type, major and minor', () => {
    expect(deviceRuleLine({allow: false})).toBe('a *:* rwm');
    expect(deviceRuleLine({allow: true, type: 'c', major: 136, access: 'rwm'})).toBe('c 136:* rwm');
    expect(deviceRuleLine({allow: true, type: 'c', major: 1, minor: 3, access: 'rw'})).toBe('c 1:3 rw');
  });
});
