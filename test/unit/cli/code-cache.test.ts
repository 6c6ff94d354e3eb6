import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';

// The built loader: it patches require() for the whole process, so each case runs in a Node of its own.
const loader = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli', 'code-cache.cjs');

describe('the V8 code cache of the CLI bundles', () => {
  let dir: string;
  let bundles: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'islander-code-cache-'));
    bundles = join(dir, 'cli');
    cacheDir = join(dir, '.code-cache');
    mkdirSync(bundles);
    writeFileSync(join(bundles, 'answer.cjs'), [
      'const {basename} = require("node:path");',
      'exports.answer = () => 6 * 7;',
      'exports.name = () => basename(__filename);',
      // an ES module imported the way the bundles do it (src/util/import-esm.ts)
      'exports.imported = () => globalThis[Symbol.for("islander.importEsm")]("node:path").then((path) => typeof path.join);',
    ].join('\n'));
  });

  afterEach(() => rmSync(dir, {recursive: true, force: true}));

  const run = (): {installed: boolean; answer: number; name: string; imported: string} => JSON.parse(execFileSync(process.execPath, ['-e', `
    const installed = require(${JSON.stringify(loader)}).installCodeCache(${JSON.stringify(bundles)}, ${JSON.stringify(cacheDir)});
    const bundle = require(${JSON.stringify(join(bundles, 'answer.cjs'))});
    bundle.imported().then((imported) => console.log(JSON.stringify({installed, answer: bundle.answer(), name: bundle.name(), imported})));
  `], {encoding: 'utf8'})) as {installed: boolean; answer: number; name: string; imported: string};

  const cacheFiles = (): string[] => readdirSync(cacheDir).filter((file) => file.startsWith('answer.cjs.'));

  it('writes the cache on the first run and loads from it, unchanged, on the next', () => {
    expect(run()).toEqual({installed: true, answer: 42, name: 'answer.cjs', imported: 'function'});
    const [file] = cacheFiles();
    expect(file).toMatch(/^answer\.cjs\.\d+-\d+-v8-.+\.cache$/);
    const before = statSync(join(cacheDir, file!));

    expect(run()).toEqual({installed: true, answer: 42, name: 'answer.cjs', imported: 'function'});
    const after = statSync(join(cacheDir, file!));
    // V8 accepted it: nothing was written again
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });

  it('compiles from source when the cache is garbage, and replaces it', () => {
    run();
    const file = join(cacheDir, cacheFiles()[0]!);
    writeFileSync(file, 'not a code cache');
    expect(run().answer).toBe(42);
    expect(readFileSync(file).toString()).not.toBe('not a code cache');
  });

  it('a rebuilt bundle gets a cache of its own, and the old one goes', () => {
    run();
    const old = cacheFiles();
    writeFileSync(join(bundles, 'answer.cjs'), 'exports.answer = () => 43; exports.name = () => "new"; exports.imported = async () => "none";');
    expect(run()).toMatchObject({answer: 43, name: 'new'});
    expect(cacheFiles()).toHaveLength(1);
    expect(cacheFiles()).not.toEqual(old);
  });

  it('runs without a cache where none can be written', () => {
    writeFileSync(cacheDir, 'a file where the cache directory should be');
    expect(run()).toEqual({installed: true, answer: 42, name: 'answer.cjs', imported: 'function'});
  });

  it('no built bundle runs import() itself, which a cached script cannot', () => {
    const dist = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli');
    const files = [join(dist, 'main.cjs'), ...readdirSync(join(dist, 'handlers')).filter((file) => file.endsWith('.cjs')).map((file) => join(dist, 'handlers', file))];
    const offenders = files.filter((file) => /[^\w$.]import\(\s*["'`]/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
