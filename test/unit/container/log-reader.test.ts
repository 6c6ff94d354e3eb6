import {describe, expect, it} from 'vitest';
import {LogScanner, parseLogLine, type LogSink, type LogStream} from '../../../src/container/log-reader.js';

interface Seen {
  stream: LogStream;
  text: string;
  time: string | undefined;
}

/** Collects what the scanner hands on, as the bytes a reader would print. */
function collect(): {sink: LogSink; seen: Seen[]} {
  const seen: Seen[] = [];
  return {
    seen,
    sink: {
      entry(stream, data, start, end, newline, time) {
        seen.push({stream, text: data.toString('utf8', start, end) + (newline ? '\n' : ''), time});
      },
    },
  };
}

/** A line exactly as the shim writes it: JSON.stringify of log, stream, time in that order. */
function shimLine(log: string, stream: LogStream = 'stdout', time = '2026-11-23T12:00:00.123456789Z'): string {
  return `${JSON.stringify({log, stream, time})}\n`;
}

function scan(text: string | Buffer, chunkSize?: number): {seen: Seen[]; scanner: LogScanner} {
  const {sink, seen} = collect();
  const scanner = new LogScanner(sink, true);
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const size = chunkSize ?? bytes.length;
  for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
  return {seen, scanner};
}

const TRICKY = [
  'hello\n',
  'no newline at the end',
  '',
  '\n',
  'tab\there\n',
  'quote " and backslash \\ inside\n',
  'ends with a backslash \\',
  'ends with an escaped n: \\n\n',
  'control \u0001\u001f chars\n',
  'unicode é ß 日本 🎉\n',
  'lone surrogate \ud800 here\n',
  '","stream":"stderr","time":"fake"}\n',
  '{"log":"nested"}\n',
  'replacement \ufffd char\n',
];

describe('LogScanner', () => {
  it('hands on exactly what JSON.parse reads, for every tricky text, on both streams', () => {
    for (const stream of ['stdout', 'stderr'] as const) {
      const text = TRICKY.map((log) => shimLine(log, stream)).join('');
      const {seen, scanner} = scan(text);
      expect(scanner.invalidLines).toBe(0);
      const expected = text.trimEnd().split('\n').map((line) => parseLogLine(line)!);
      expect(seen.map((entry) => entry.stream)).toEqual(expected.map((entry) => entry.stream));
      // A lone surrogate cannot be UTF-8: both paths turn it into U+FFFD when printing.
      expect(seen.map((entry) => entry.text)).toEqual(expected.map((entry) => Buffer.from(entry.log).toString('utf8')));
      expect(seen.map((entry) => entry.time)).toEqual(expected.map((entry) => entry.time));
    }
  });

  it('gives the same entries whatever the chunk boundaries (lines split across reads)', () => {
    const text = TRICKY.map((log, index) => shimLine(log, index % 2 ? 'stderr' : 'stdout')).join('');
    const whole = scan(text).seen;
    for (const size of [1, 2, 3, 7, 16, 64, 100]) expect(scan(text, size).seen).toEqual(whole);
  });

  it('splits multi-byte characters across chunks without damage', () => {
    const text = Buffer.from(shimLine('日本語🎉\n'));
    expect(scan(text, 1).seen[0]!.text).toBe('日本語🎉\n');
  });

  it('holds back an unfinished last line until its newline comes', () => {
    const {sink, seen} = collect();
    const scanner = new LogScanner(sink, false);
    const line = shimLine('partial\n');
    scanner.push(Buffer.from(line.slice(0, 20)));
    expect(seen).toEqual([]);
    expect(scanner.pendingBytes).toBe(20);
    scanner.push(Buffer.from(line.slice(20)));
    expect(seen.map((entry) => entry.text)).toEqual(['partial\n']);
    expect(seen[0]!.time).toBeUndefined();
    expect(scanner.pendingBytes).toBe(0);
  });

  it('reads other key orders and extra keys through JSON.parse, and skips lines that are not entries', () => {
    const text = [
      '{"stream":"stderr","time":"2026-11-23T12:00:00Z","log":"reordered\\n"}',
      '{"log":"extra\\n","stream":"stdout","time":"2026-11-23T12:00:00Z","attrs":{"a":"b"}}',
      'not json at all',
      '{"log":"bad stream\\n","stream":"stdin","time":"2026-11-23T12:00:00Z"}',
      '{"log":"truncated',
      '',
    ].join('\n');
    const {seen, scanner} = scan(text);
    expect(seen.map((entry) => [entry.stream, entry.text])).toEqual([['stderr', 'reordered\n'], ['stdout', 'extra\n']]);
    expect(scanner.invalidLines).toBe(3);
  });

  it('uses the fast path for the shim shape (no string is built for the text)', () => {
    const datas: Buffer[] = [];
    const chunk = Buffer.from(shimLine('fast\n'));
    const scanner = new LogScanner({entry: (_stream, data) => datas.push(data)}, false);
    scanner.push(chunk);
    expect(datas[0]!.buffer).toBe(chunk.buffer);
  });
});
