import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {readExitRecord, readShimState} from '../../../src/runtime/shim-files.js';

describe('the shim files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'shim-files-'));
  });
  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  it('reads exit.json and shim.json of version 1', () => {
    writeFileSync(join(dir, 'exit.json'), '{"v":1,"exitCode":3,"oomKilled":false,"finishedAt":"2026-11-23T17:00:00Z","restartCount":0}');
    expect(readExitRecord(join(dir, 'exit.json'))).toMatchObject({exitCode: 3});
    expect(readShimState(join(dir, 'absent.json'))).toBeUndefined();
  });

  it('takes a file a crash cut short for none, as an unsynced write can leave it', () => {
    writeFileSync(join(dir, 'exit.json'), '');
    writeFileSync(join(dir, 'shim.json'), '{"v":1,"shimPid":');
    expect(readExitRecord(join(dir, 'exit.json'))).toBeUndefined();
    expect(readShimState(join(dir, 'shim.json'))).toBeUndefined();
  });
});
