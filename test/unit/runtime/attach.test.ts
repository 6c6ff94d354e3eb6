import {describe, expect, it} from 'vitest';
import {DetachMatcher, parseDetachKeys} from '../../../src/runtime/attach-client.js';
import {encodeFrame, encodeResize, FrameDecoder, FrameKind, parseControl} from '../../../src/runtime/frames.js';

describe('attach frames', () => {
  it('round-trips frames split at any byte', () => {
    const bytes = Buffer.concat([
      encodeFrame(FrameKind.stdout, Buffer.from('hello')),
      encodeFrame(FrameKind.stderr, Buffer.from('')),
      encodeResize(24, 80),
      encodeFrame(FrameKind.control, Buffer.from('{"v":1,"type":"exit","exitCode":3,"oomKilled":false}')),
    ]);
    for (let split = 0; split <= bytes.length; split++) {
      const decoder = new FrameDecoder();
      const frames = [...decoder.push(bytes.subarray(0, split)), ...decoder.push(bytes.subarray(split))];
      expect(frames.map((frame) => frame.kind)).toEqual([2, 3, 4, 6]);
      expect(frames[0]!.payload.toString()).toBe('hello');
      expect([...frames[2]!.payload]).toEqual([0, 24, 0, 80]);
      expect(parseControl(frames[3]!.payload)).toEqual({v: 1, type: 'exit', exitCode: 3, oomKilled: false});
    }
  });

  it('ignores control frames of another protocol version', () => {
    expect(parseControl(Buffer.from('{"v":2,"type":"exit"}'))).toBeUndefined();
    expect(parseControl(Buffer.from('not json'))).toBeUndefined();
  });
});

describe('detach keys', () => {
  it("parses Docker's spellings", () => {
    expect(parseDetachKeys('ctrl-p,ctrl-q')).toEqual([16, 17]);
    expect(parseDetachKeys('ctrl-a,d')).toEqual([1, 100]);
    expect(parseDetachKeys('')).toEqual([]);
    expect(() => parseDetachKeys('meta-x')).toThrow(/invalid detach key/);
  });

  it('holds back a partial sequence and detaches on the whole one, across chunks', () => {
    const matcher = new DetachMatcher([16, 17]);
    expect([...matcher.feed(Buffer.from([97, 16])).forward]).toEqual([97]);
    const end = matcher.feed(Buffer.from([17, 98]));
    expect(end.detached).toBe(true);
    expect([...end.forward]).toEqual([]);
  });

  it('forwards a broken sequence untouched', () => {
    const matcher = new DetachMatcher([16, 17]);
    const result = matcher.feed(Buffer.from([16, 97, 16, 16, 17]));
    expect([...result.forward]).toEqual([16, 97, 16]);
    expect(result.detached).toBe(true);
  });
});
