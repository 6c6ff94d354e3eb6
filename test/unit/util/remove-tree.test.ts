import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {removeTree} from '../../../src/util/remove-tree.js';

describe('removeTree', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'islander-remove-tree-'));
  });
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  it('removes files and nested directories, and never follows a symlink out of the tree', () => {
    const outside = join(dir, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep'), 'kept');
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'work', 'work'), {recursive: true});
    mkdirSync(join(tree, 'upper', 'etc'), {recursive: true});
    writeFileSync(join(tree, 'container.json'), '{}');
    writeFileSync(join(tree, 'upper', 'etc', 'passwd'), 'root');
    symlinkSync(outside, join(tree, 'upper', 'link-to-dir'));
    symlinkSync(join(outside, 'keep'), join(tree, 'link-to-file'));

    removeTree(tree);

    expect(existsSync(tree)).toBe(false);
    expect(readFileSync(join(outside, 'keep'), 'utf8')).toBe('kept');
  });

  it('leaves nothing behind for a tree that is not there', () => {
    removeTree(join(dir, 'missing'));
    expect(existsSync(join(dir, 'missing'))).toBe(false);
  });
});
