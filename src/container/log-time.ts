import {usageError} from '../errors.js';

/**
 * Points in time for `logs --since/--until` and the timestamps in log lines, with nanosecond precision: seconds
 * since the epoch and nanoseconds within the second (one number of nanoseconds would not fit a double exactly).
 */
export interface LogTime {
  seconds: number;
  nanos: number;
}

export function compareLogTime(a: LogTime, b: LogTime): number {
  return a.seconds !== b.seconds ? a.seconds - b.seconds : a.nanos - b.nanos;
}

const DURATION_UNITS_NS: Record<string, number> = {ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9};
const DURATION = /^(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h)(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))*$/;
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g;
const UNIX = /^(\d+)(?:\.(\d{1,9}))?$/;
/** Docker's accepted layouts: a date, optionally a time (hours, minutes, seconds, fraction), optionally a zone. */
const CALENDAR = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses a --since/--until value the way Docker does: an RFC 3339 timestamp (a zone-less one is local time),
 * Unix seconds with an optional fraction, or a Go duration ("10m", "1h30m", "1.5h") counted back from `now`.
 */
export function parseTimeFilter(value: string, flag: string, now: number = Date.now()): LogTime {
  const text = value.trim();
  if (DURATION.test(text)) {
    let ns = 0;
    for (const [, amount, unit] of text.matchAll(DURATION_PART)) ns += Number(amount) * DURATION_UNITS_NS[unit!]!;
    return before(now, ns);
  }
  const unix = UNIX.exec(text);
  if (unix) return {seconds: Number(unix[1]), nanos: fractionNanos(unix[2])};
  const calendar = CALENDAR.exec(text);
  if (calendar) {
    const time = calendarTime(calendar);
    if (time) return time;
  }
  throw usageError(`invalid ${flag} value '${value}'`,
    'use an RFC 3339 time (2026-01-02T15:04:05Z), Unix seconds (1767366245), or a duration back from now (10m, 1h30m)');
}

function calendarTime(match: RegExpExecArray): LogTime | undefined {
  const [, year, month, day, hour = '0', minute = '0', second = '0', fraction, zone] = match;
  const fields = [Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)] as const;
  const ms = zone === undefined ? new Date(...fields).getTime() : Date.UTC(...fields) - zoneOffsetMs(zone);
  if (!Number.isFinite(ms) || Number(month) > 12 || Number(day) > 31 || Number(hour) > 23) return undefined;
  return {seconds: Math.floor(ms / 1000), nanos: fractionNanos(fraction)};
}

function zoneOffsetMs(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

function fractionNanos(digits: string | undefined): number {
  return digits ? Number(digits.padEnd(9, '0')) : 0;
}

/** `now` (ms) minus `ns`, kept in two parts: nanoseconds since the epoch overflow a double's exact range. */
function before(now: number, ns: number): LogTime {
  const nowSeconds = Math.floor(now / 1000);
  const nowNanos = Math.round((now - nowSeconds * 1000) * 1e6);
  const backSeconds = Math.floor(ns / 1e9);
  const backNanos = Math.round(ns - backSeconds * 1e9);
  const nanos = nowNanos - backNanos;
  return nanos < 0 ? {seconds: nowSeconds - backSeconds - 1, nanos: nanos + 1e9} : {seconds: nowSeconds - backSeconds, nanos};
}

/**
 * Parses the `time` of a log line (RFC 3339 with up to nine fraction digits). Lines of one second share their
 * first 19 characters, so the date arithmetic is done once per second of log, not once per line.
 */
export class LogTimeParser {
  private cachedPrefix = '';
  private cachedSeconds = 0;

  parse(text: string): LogTime | undefined {
    if (text.length < 20 || text[10] !== 'T') return undefined;
    const prefix = text.slice(0, 19);
    let rest = text.slice(19);
    let nanos = 0;
    const fraction = /^\.(\d*)/.exec(rest);
    if (fraction) {
      const digits = fraction[1]!;
      if (digits.length === 0 || digits.length > 9) return undefined;
      nanos = fractionNanos(digits);
      rest = rest.slice(fraction[0].length);
    }
    let offsetSeconds = 0;
    if (rest !== 'Z') {
      if (!/^[+-]\d{2}:\d{2}$/.test(rest)) return undefined;
      offsetSeconds = zoneOffsetMs(rest) / 1000;
    }
    if (prefix !== this.cachedPrefix) {
      const ms = Date.parse(`${prefix}Z`);
      if (!Number.isFinite(ms)) return undefined;
      this.cachedPrefix = prefix;
      this.cachedSeconds = ms / 1000;
    }
    return {seconds: this.cachedSeconds - offsetSeconds, nanos};
  }
}
