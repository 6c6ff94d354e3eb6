/**
 * import() of an ES-only package (execa, chalk, listr2) from our CommonJS bundles.
 *
 * On Node 20 a script compiled from V8's code cache loses Node's import() callback (ERR_VM_DYNAMIC_IMPORT_
 * CALLBACK_MISSING), so a bundle that src/cli/code-cache.ts loaded cannot run import() itself. The loader, which
 * Node compiled the ordinary way, leaves an importer under this symbol; without it (tests, a Node where the
 * cache is off) import() is used directly.
 */
export const ESM_IMPORTER = Symbol.for('islander.importEsm');

type Importer = (specifier: string) => Promise<unknown>;

export function importEsm<Module>(specifier: string): Promise<Module> {
  const provided = (globalThis as {[ESM_IMPORTER]?: Importer})[ESM_IMPORTER];
  return (provided ? provided(specifier) : import(specifier)) as Promise<Module>;
}
