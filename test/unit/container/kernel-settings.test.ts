import {describe, expect, it} from 'vitest';
import {ociRlimits, parseSysctls, parseUlimits} from '../../../src/container/kernel-settings.js';

describe('--ulimit', () => {
  it("takes Docker's NAME=SOFT[:HARD], -1 or unlimited for no limit, the last of a name winning", () => {
    const limits = parseUlimits(['nofile=1024:4096', 'core=0', 'memlock=-1:-1', 'stack=unlimited', 'core=5']);
    expect(limits).toEqual([
      {Name: 'nofile', Soft: 1024, Hard: 4096}, {Name: 'core', Soft: 5, Hard: 5},
      {Name: 'memlock', Soft: -1, Hard: -1}, {Name: 'stack', Soft: -1, Hard: -1},
    ]);
    expect(ociRlimits(limits.slice(0, 1))).toEqual([{type: 'RLIMIT_NOFILE', soft: 1024, hard: 4096}]);
    expect(parseUlimits(['nofile=10:-1'])).toEqual([{Name: 'nofile', Soft: 10, Hard: -1}]);
  });

  it('refuses unknown names, bad numbers and a soft limit above the hard one', () => {
    expect(() => parseUlimits(['files=1'])).toThrow("invalid --ulimit 'files=1'");
    expect(() => parseUlimits(['nofile=lots'])).toThrow('use whole numbers, or -1 for unlimited');
    expect(() => parseUlimits(['nofile=10:5'])).toThrow('the soft limit is above the hard one');
    expect(() => parseUlimits(['nofile=-1:5'])).toThrow('the soft limit is above the hard one');
  });
});

describe('--sysctl', () => {
  it('takes the IPC and (in a network of its own) net sysctls, values as written', () => {
    expect(parseSysctls(['kernel.shmmax=1=2', 'fs.mqueue.msg_max=20', 'kernel.sem=250 32000 32 128', 'net.ipv4.ip_forward=1'], 'none'))
      .toEqual({'kernel.shmmax': '1=2', 'fs.mqueue.msg_max': '20', 'kernel.sem': '250 32000 32 128', 'net.ipv4.ip_forward': '1'});
  });

  it("refuses what would change the host: other keys, net.* with the host's network, and malformed ones", () => {
    expect(() => parseSysctls(['kernel.hostname=x'], 'none')).toThrow('--sysctl kernel.hostname is not namespaced');
    expect(() => parseSysctls(['vm.swappiness=1'], 'none')).toThrow('is not namespaced');
    expect(() => parseSysctls(['net.core.somaxconn=1'], 'host')).toThrow('cannot be set with --network host');
    expect(() => parseSysctls(['ip_forward'], 'none')).toThrow("invalid --sysctl 'ip_forward'");
    expect(() => parseSysctls(['../../x=1'], 'none')).toThrow('invalid --sysctl');
  });
});
