import {describe, expect, it} from 'vitest';
import {binarySize, cpuPercent, decimalSize, formatStatsRow} from '../../../src/container/stats.js';
import {formatCmdline, formatCpuTime, parseStat, parseUid} from '../../../src/container/top.js';

describe('stats computation', () => {
  it('computes CPU % as CPU time over wall time, 100% per busy CPU', () => {
    expect(cpuPercent(0, 500_000_000, 1_000_000_000)).toBe(50);
    expect(cpuPercent(1e9, 3e9, 1e9)).toBe(200);
    expect(cpuPercent(5, 5, 1e9)).toBe(0);
    expect(cpuPercent(10, 5, 1e9)).toBe(0);
    expect(cpuPercent(0, 5, 0)).toBe(0);
  });

  it("formats memory in binary units and I/O in decimal units, as Docker's stats do", () => {
    expect(binarySize(0)).toBe('0B');
    expect(binarySize(804 * 1024)).toBe('804KiB');
    expect(binarySize(1.5 * 1024 * 1024)).toBe('1.5MiB');
    expect(binarySize(500 * 1024 * 1024)).toBe('500MiB');
    expect(binarySize(8_192_000_000)).toBe('7.629GiB');
    expect(decimalSize(0)).toBe('0B');
    expect(decimalSize(4096)).toBe('4.1kB');
    expect(decimalSize(12_345_678)).toBe('12.3MB');
  });

  it('formats a row with the keys of docker stats --format json', () => {
    expect(formatStatsRow({
      id: 'a'.repeat(64), name: 'web', cpuPercent: 12.345, memoryUsageBytes: 1024 * 1024, memoryLimitBytes: 100 * 1024 * 1024,
      memoryPercent: 1, pids: 3, blockReadBytes: 0, blockWriteBytes: 2_000_000,
    })).toEqual({ID: 'aaaaaaaaaaaa', Name: 'web', CPUPerc: '12.35%', MemUsage: '1MiB / 100MiB', MemPerc: '1.00%', BlockIO: '0B / 2MB', PIDs: '3'});
  });
});

describe('top parsing', () => {
  it('reads /proc/PID/stat even when the command name holds spaces and parentheses', () => {
    const stat = '4242 (my (odd) cmd) S 4200 4242 4242 0 -1 4194560 100 0 0 0 250 130 0 0 20 0 1 0 12345 0 0';
    expect(parseStat(stat)).toEqual({comm: 'my (odd) cmd', ppid: 4200, utime: 250, stime: 130});
  });

  it('reads the real uid from /proc/PID/status', () => {
    expect(parseUid('Name:\tsh\nUid:\t1000\t1000\t1000\t1000\nGid:\t0\n')).toBe(1000);
  });

  it('joins argv and shows [name] for a process without one', () => {
    expect(formatCmdline('sh\0-c\0sleep 1\0', 'sh')).toBe('sh -c sleep 1');
    expect(formatCmdline('', 'kworker')).toBe('[kworker]');
  });

  it('prints CPU time as ps does', () => {
    expect(formatCpuTime(0)).toBe('00:00:00');
    expect(formatCpuTime(3725)).toBe('01:02:05');
    expect(formatCpuTime(90_000)).toBe('1-01:00:00');
  });
});
