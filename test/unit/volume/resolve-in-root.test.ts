import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {resolveInRoot} from '../../../src/volume/prefill.js';

describe('resolveInRoot (the image side of a volume pre-fill)', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'islander-resolve-'));
    mkdirSync(join(root, 'etc', 'conf.d'), {recursive: true});
    writeFileSync(join(root, 'etc', 'file'), '');
    symlinkSync('/etc', join(root, 'abs'));
    symlinkSync('../../../../etc', join(root, 'rel'));
    symlinkSync('conf.d/../../etc', join(root, 'etc', 'loop-back'));
    symlinkSync('/missing', join(root, 'dangling'));
    symlinkSync('self', join(root, 'self'));
  });

  afterAll(() => rmSync(root, {recursive: true, force: true}));

  it('keeps every link inside the root', () => {
    expect(resolveInRoot(root, '/etc/conf.d')).toBe(join(root, 'etc', 'conf.d'));
    expect(resolveInRoot(root, '/abs/conf.d')).toBe(join(root, 'etc', 'conf.d'));
    expect(resolveInRoot(root, '/rel')).toBe(join(root, 'etc'));
    expect(resolveInRoot(root, '/../../..//etc/./conf.d/')).toBe(join(root, 'etc', 'conf.d'));
    expect(resolveInRoot(root, '/etc/loop-back/conf.d')).toBe(join(root, 'etc', 'conf.d'));
  });

  it('gives up on missing paths, files in the middle and link loops', () => {
    expect(resolveInRoot(root, '/dangling')).toBeUndefined();
    expect(resolveInRoot(root, '/nothing/here')).toBeUndefined();
    expect(resolveInRoot(root, '/etc/file/below')).toBeUndefined();
    expect(resolveInRoot(root, '/self')).toBeUndefined();
  });
});
