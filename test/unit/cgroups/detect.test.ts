import {describe, expect, it} from 'vitest';
import {v1MountsFromMountinfo} from '../../../src/cgroups/detect.js';
import {decodeDevice, parseCpuList} from '../../../src/cgroups/host-info.js';

describe('v1MountsFromMountinfo', () => {
  it('finds each controller\'s mount and ignores cgroup2, named and other mounts', () => {
    const mountinfo = [
      '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
      '32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct',
      '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
      '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd',
      '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
      '50 31 0:40 / /mnt/other\\040memory rw - cgroup cgroup rw,memory',
      '',
    ].join('\n');
    expect(Object.fromEntries(v1MountsFromMountinfo(mountinfo))).toEqual({
      cpu: '/sys/fs/cgroup/cpu,cpuacct',
      cpuacct: '/sys/fs/cgroup/cpu,cpuacct',
      memory: '/sys/fs/cgroup/memory',
    });
  });

  it('unescapes octal sequences in mount points', () => {
    const mounts = v1MountsFromMountinfo('1 2 0:1 / /cg\\040root/pids rw - cgroup cgroup rw,pids');
    expect(mounts.get('pids')).toBe('/cg root/pids');
  });
});

describe('host info helpers', () => {
  it('parses CPU lists', () => {
    expect(parseCpuList('0-1\n')).toEqual([0, 1]);
    expect(parseCpuList('0-3,6,8-9')).toEqual([0, 1, 2, 3, 6, 8, 9]);
    expect(parseCpuList('0')).toEqual([0]);
  });

  it('decodes dev_t as glibc does, including large minors', () => {
    expect(decodeDevice(0xfe00n)).toEqual({major: 254, minor: 0});
    expect(decodeDevice(0x801n)).toEqual({major: 8, minor: 1});
    expect(decodeDevice(0x10300n)).toEqual({major: 259, minor: 0});
    expect(decodeDevice(0x100103n)).toEqual({major: 1, minor: 256 + 3});
  });
});
