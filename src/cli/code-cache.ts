import {mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync} from 'node:fs';
import Module from 'node:module';
import {basename, dirname, join} from 'node:path';
import vm from 'node:vm';
import {ESM_IMPORTER} from '../util/import-esm.js';

/**
 * V8's code cache for the CLI's own bundles. Node 20 compiles every function of a CommonJS bundle from source
 * on each start (module.enableCompileCache arrived in Node 22), which costs `islander run` several milliseconds
 * of its ~25 ms budget over Node's own start-up. Bundles under `distDir` are compiled with the cached data
 * of an earlier run instead; a run that had none (first use, new build, other V8 flags) writes it at exit,
 * after the command ran, so the functions it compiled lazily are in the cache as well.
 *
 * Such a bundle cannot run import() itself (src/util/import-esm.ts): this file, compiled by Node as usual, lends
 * it one.
 *
 * A cache is only ever an optimisation: anything unreadable, unwritable or rejected by V8 means compiling from
 * source, as Node would. Cache files are named after the bundle's size and mtime and V8's version, so a
 * rebuild or a Node upgrade never meets a stale one (and V8 checks its own version and flags again).
 */

interface CompiledBundle {
  script: vm.Script;
  cacheFile: string;
}

type Loader = (module: NodeJS.Module, filename: string) => void;
type InternalModule = typeof Module & {
  _extensions: Record<string, Loader>;
  wrap(source: string): string;
};

/** Routes require() of `.cjs` files under distDir through the cache; returns false where this Node cannot. */
export function installCodeCache(distDir: string, cacheDir: string): boolean {
  const internal = Module as InternalModule;
  const fallback = internal._extensions['.cjs'] ?? internal._extensions['.js'];
  if (!fallback || typeof internal.wrap !== 'function') return false;

  const toWrite: CompiledBundle[] = [];
  internal._extensions['.cjs'] = (module, filename) => {
    if (!filename.startsWith(distDir)) {
      fallback(module, filename);
      return;
    }
    const compiled = compileWithCache(internal, filename, cacheDir);
    if (compiled.needsWrite) toWrite.push(compiled);
    const wrapper = compiled.script.runInThisContext() as (...args: unknown[]) => void;
    wrapper.call(module.exports, module.exports, Module.createRequire(filename), module, filename, dirname(filename));
  };
  (globalThis as {[ESM_IMPORTER]?: (specifier: string) => Promise<unknown>})[ESM_IMPORTER] = (specifier) => import(specifier);
  process.once('exit', () => {
    for (const bundle of toWrite) writeCache(bundle);
  });
  return true;
}

function compileWithCache(internal: InternalModule, filename: string, cacheDir: string): CompiledBundle & {needsWrite: boolean} {
  const source = readFileSync(filename, 'utf8');
  const stat = statSync(filename);
  const cacheFile = join(cacheDir, `${basename(filename)}.${stat.size}-${Math.trunc(stat.mtimeMs)}-v8-${process.versions.v8}.cache`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(internal.wrap(source), {filename, cachedData});
  return {script, cacheFile, needsWrite: cachedData === undefined || script.cachedDataRejected === true};
}

/** Best effort: temp file and rename, so a reader sees a whole cache or none; older caches of the bundle go. */
function writeCache({script, cacheFile}: CompiledBundle): void {
  try {
    const dir = dirname(cacheFile);
    mkdirSync(dir, {recursive: true});
    const temp = `${cacheFile}.tmp-${process.pid}`;
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
    const bundle = basename(cacheFile).slice(0, basename(cacheFile).indexOf('.cjs.') + 4);
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(`${bundle}.`) && entry !== basename(cacheFile) && !entry.includes('.tmp-')) unlinkSync(join(dir, entry));
    }
  } catch {
    // read-only install, full disk, a concurrent writer: the next run compiles from source again
  }
}
