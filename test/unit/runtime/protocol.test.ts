import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {encodeStart, LineSplitter, parseMessage, ProtocolError} from '../../../src/runtime/protocol.js';

const fixtures = join(import.meta.dirname, '..', '..', '..', 'runtime-c', 'protocol', 'fixtures');

describe('the isle-init protocol, against the golden fixtures the C side is tested with', () => {
  const files = readdirSync(fixtures).filter((file) => file.endsWith('.jsonl'));

  it.each(files)('%s: every runtime message parses and keeps its fields', (file) => {
    for (const line of readFileSync(join(fixtures, file), 'utf8').split('\n').filter(Boolean)) {
      if (line === encodeStart().trimEnd()) continue;
      const raw = JSON.parse(line) as Record<string, unknown>;
      const message = parseMessage(line);
      expect(message.type).toBe(raw.type);
      for (const key of Object.keys(message)) expect((message as Record<string, unknown>)[key]).toEqual(raw[key]);
    }
  });

  it('writes `start` byte for byte as the fixtures have it', () => {
    const conversation = readFileSync(join(fixtures, 'run-success.jsonl'), 'utf8');
    expect(conversation).toContain(encodeStart());
  });

  it('rejects other versions, unknown types and missing fields with a protocol error', () => {
    expect(() => parseMessage('{"v":2,"type":"ready","pid":1}')).toThrow(ProtocolError);
    expect(() => parseMessage('{"v":1,"type":"teleport"}')).toThrow(/unknown message type/);
    expect(() => parseMessage('{"v":1,"type":"ready"}')).toThrow(/pid/);
    expect(() => parseMessage('garbage')).toThrow(/not JSON/);
  });

  it('splits a stream into lines, holding a partial one', () => {
    const splitter = new LineSplitter();
    expect(splitter.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
    expect(splitter.push(':2}\n')).toEqual(['{"b":2}']);
  });
});
