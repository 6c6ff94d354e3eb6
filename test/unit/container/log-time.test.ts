import {describe, expect, it} from 'vitest';
import {compareLogTime, LogTimeParser, parseTimeFilter} from '../../../src/container/log-time.js';
import {logsOptions, parseTail} from '../../../src/container/logs.js';
import {IslanderError} from '../../../src/errors.js';

const NOW = Date.parse('2026-01-02T15:00:00Z');

describe('--since / --until', () => {
  it('reads RFC 3339 times with a zone, with up to nine fraction digits', () => {
    expect(parseTimeFilter('2026-01-02T15:04:05Z', '--since')).toEqual({seconds: 1767366245, nanos: 0});
    expect(parseTimeFilter('2026-01-02T15:04:05.5Z', '--since')).toEqual({seconds: 1767366245, nanos: 500_000_000});
    expect(parseTimeFilter('2026-01-02T15:04:05.123456789Z', '--since')).toEqual({seconds: 1767366245, nanos: 123456789});
    expect(parseTimeFilter('2026-01-02T17:04:05+02:00', '--since')).toEqual({seconds: 1767366245, nanos: 0});
    expect(parseTimeFilter('2026-01-02T10:04:05-05:00', '--since')).toEqual({seconds: 1767366245, nanos: 0});
  });

  it('reads a time without a zone as local time, and a bare date as its midnight', () => {
    expect(parseTimeFilter('2026-01-02T15:04:05', '--since').seconds).toBe(new Date(2026, 0, 2, 15, 4, 5).getTime() / 1000);
    expect(parseTimeFilter('2026-01-02', '--since').seconds).toBe(new Date(2026, 0, 2).getTime() / 1000);
  });

  it('reads Unix seconds, with a fraction', () => {
    expect(parseTimeFilter('1767366245', '--until')).toEqual({seconds: 1767366245, nanos: 0});
    expect(parseTimeFilter('1767366245.25', '--until')).toEqual({seconds: 1767366245, nanos: 250_000_000});
  });

  it('reads Go durations back from now', () => {
    expect(parseTimeFilter('10m', '--since', NOW)).toEqual({seconds: NOW / 1000 - 600, nanos: 0});
    expect(parseTimeFilter('1h30m', '--since', NOW)).toEqual({seconds: NOW / 1000 - 5400, nanos: 0});
    expect(parseTimeFilter('1.5h', '--since', NOW)).toEqual({seconds: NOW / 1000 - 5400, nanos: 0});
    expect(parseTimeFilter('250ms', '--since', NOW)).toEqual({seconds: NOW / 1000 - 1, nanos: 750_000_000});
    expect(parseTimeFilter('30s', '--since', NOW)).toEqual({seconds: NOW / 1000 - 30, nanos: 0});
  });

  it('refuses anything else with a usage error naming the flag', () => {
    for (const bad of ['yesterday', '10', '10x', '2026-13-01', '2026-01-02T25:00:00Z', '', 'm']) {
      if (bad === '10') continue; // Unix seconds
      expect(() => parseTimeFilter(bad, '--since')).toThrow(IslanderError);
    }
    expect(() => parseTimeFilter('soon', '--until')).toThrow(/--until/);
  });

  it('orders times by seconds, then nanoseconds', () => {
    expect(compareLogTime({seconds: 1, nanos: 5}, {seconds: 1, nanos: 6})).toBeLessThan(0);
    expect(compareLogTime({seconds: 2, nanos: 0}, {seconds: 1, nanos: 999_999_999})).toBeGreaterThan(0);
    expect(compareLogTime({seconds: 1, nanos: 1}, {seconds: 1, nanos: 1})).toBe(0);
  });
});

describe('log line timestamps', () => {
  it('parses the shim format and other RFC 3339 forms', () => {
    const parser = new LogTimeParser();
    expect(parser.parse('2026-01-02T15:04:05.123456789Z')).toEqual({seconds: 1767366245, nanos: 123456789});
    expect(parser.parse('2026-01-02T15:04:05.1Z')).toEqual({seconds: 1767366245, nanos: 100_000_000});
    expect(parser.parse('2026-01-02T15:04:05Z')).toEqual({seconds: 1767366245, nanos: 0});
    expect(parser.parse('2026-01-02T16:04:05.5+01:00')).toEqual({seconds: 1767366245, nanos: 500_000_000});
    expect(parser.parse('garbage')).toBeUndefined();
    expect(parser.parse('2026-01-02T15:04:05.Z')).toBeUndefined();
  });
});

describe('--tail', () => {
  it('takes a count or all', () => {
    expect(parseTail(undefined)).toBe('all');
    expect(parseTail('all')).toBe('all');
    expect(parseTail('0')).toBe(0);
    expect(parseTail('25')).toBe(25);
    expect(() => parseTail('-1')).toThrow(/--tail/);
    expect(() => parseTail('ten')).toThrow(IslanderError);
  });

  it('validates all flags at once', () => {
    const options = logsOptions({follow: true, tail: '5', since: '10m', timestamps: true}, NOW);
    expect(options).toEqual({follow: true, tail: 5, since: {seconds: NOW / 1000 - 600, nanos: 0}, until: undefined, timestamps: true});
  });
});
