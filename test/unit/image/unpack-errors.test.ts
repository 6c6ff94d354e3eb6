import {constants} from 'node:os';
import {describe, expect, it} from 'vitest';
import {parseErrorLine, unpackError} from '../../../src/image/unpack-errors.js';

describe('isle-unpack error lines', () => {
  it('takes the last protocol line of stderr and ignores other text', () => {
    const stderr = [
      'some warning',
      '{"v":1,"type":"error","stage":"archive","errno":0,"message":"first"}',
      '{"v":1,"type":"error","stage":"archive","errno":0,"message":"bad header checksum","entry":"etc/x"}',
      '',
    ].join('\n');
    expect(parseErrorLine(stderr)).toEqual({v: 1, type: 'error', stage: 'archive', errno: 0, message: 'bad header checksum',
      entry: 'etc/x', inputSha256: undefined});
    expect(parseErrorLine('not json\n{broken')).toBeUndefined();
  });

  it('keeps the digest of the whole input that --keep reads after a failure', () => {
    const hex = 'ab'.repeat(32);
    const line = parseErrorLine(`{"v":1,"type":"error","stage":"archive","errno":0,"message":"truncated archive","inputSha256":"${hex}","inputBytes":121}\n`);
    expect(line?.inputSha256).toBe(hex);
  });

  it('blames the host for a full disk and the archive for the rest', () => {
    const full = unpackError('layer sha256:0123', {v: 1, type: 'error', stage: 'unpack', errno: constants.errno.ENOSPC, message: 'writing file data'});
    expect(full.code).toBe('system');
    const hostile = unpackError('layer sha256:0123', {v: 1, type: 'error', stage: 'archive', errno: 0, message: "'..' in a path", entry: '../x'});
    expect(hostile.code).toBe('invalid-image');
    expect(hostile.message).toBe("cannot import 'layer sha256:0123': '..' in a path (entry '../x')");
  });
});
