import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {mergeLabels, readKeyValueFiles} from '../../../src/container/key-value-files.js';

const dir = mkdtempSync(join(tmpdir(), 'islander-kv-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('--env-file and --label-file', () => {
  it('reads a KEY=VALUE or a bare KEY per line, in order, skipping blanks and # comments, values as written', () => {
    const first = join(dir, 'first.env');
    const second = join(dir, 'second.env');
    writeFileSync(first, 'A=1\r\n  # a comment\n\n  B = spaced "quoted" \nBARE\n');
    writeFileSync(second, 'A=2\n');
    expect(readKeyValueFiles([first, second], '--env-file')).toEqual(['A=1', 'B = spaced "quoted" ', 'BARE', 'A=2']);
  });

  it('refuses a file it cannot read with the flag and the reason', () => {
    expect(() => readKeyValueFiles([join(dir, 'missing')], '--label-file')).toThrow(`cannot read --label-file '${join(dir, 'missing')}': no such file`);
    expect(() => readKeyValueFiles([dir], '--env-file')).toThrow(/it is a directory/);
  });

  it("lays -l labels over the image's, a bare KEY as an empty value, and refuses an empty key", () => {
    expect(mergeLabels({app: 'image', keep: 'yes'}, ['app=shop', 'tier', 'eq=a=b'])).toEqual({app: 'shop', keep: 'yes', tier: '', eq: 'a=b'});
    expect(mergeLabels(undefined, [])).toEqual({});
    expect(() => mergeLabels({}, ['=x'])).toThrow("invalid label '=x': use KEY=VALUE");
  });
});
