import {describe, expect, it} from 'vitest';
import {parseCopyArgument} from '../../../src/container/cp.js';

describe("cp's CONTAINER:PATH grammar (Docker's)", () => {
  it('reads NAME:PATH as a container path', () => {
    expect(parseCopyArgument('web:/etc/hosts')).toEqual({container: 'web', path: '/etc/hosts'});
    expect(parseCopyArgument('3f2a:relative/x')).toEqual({container: '3f2a', path: 'relative/x'});
  });

  it('reads anything with a / before the colon, or no colon, as a host path', () => {
    expect(parseCopyArgument('./web:/x')).toBeUndefined();
    expect(parseCopyArgument('/tmp/a:b')).toBeUndefined();
    expect(parseCopyArgument('plain.txt')).toBeUndefined();
    expect(parseCopyArgument('-')).toBeUndefined();
    expect(parseCopyArgument(':/x')).toBeUndefined();
  });
});
