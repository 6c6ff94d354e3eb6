// Bundles the CLI with esbuild.
// - The entry point and each command handler become their own CommonJS bundle: Node starts a CommonJS entry ~6 ms
//   faster than an ES module, and `islander run` loads only its own handler (never oclif).
// - The oclif command classes become one ES module (oclif's "explicit" command strategy), used for help.
// Then oclif.manifest.json is regenerated: the entry point parses flags from it.
import {build} from 'esbuild';
import {readdirSync, rmSync} from 'node:fs';
import {writeManifest} from './manifest.mjs';

rmSync('dist', {recursive: true, force: true});

const handlers = readdirSync('src/cli/handlers').filter((file) => file.endsWith('.ts') && file !== 'index.ts' && file !== 'flags.ts');

/** In the entry bundle, `import('./run.js')` in handlers/index.ts stays a require of the handler's own bundle. */
const handlersStayExternal = {
  name: 'handlers-stay-external',
  setup(pluginBuild) {
    pluginBuild.onResolve({filter: /^\.\/[a-z0-9-]+\.js$/}, (args) =>
      args.importer.endsWith('handlers/index.ts') ? {path: `./handlers/${args.path.slice(2, -3)}.cjs`, external: true} : undefined);
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

const cjs = {
  ...common,
  format: 'cjs',
  outExtension: {'.js': '.cjs'},
  define: {'import.meta.url': '__islanderModuleUrl', 'import.meta.dirname': '__dirname'},
  banner: {js: 'const __islanderModuleUrl = require("node:url").pathToFileURL(__filename).href;'},
};

await Promise.all([
  // require(), not import(), for the handlers: import() would start the ES module loader (~6 ms).
  build({...cjs, entryPoints: ['src/cli/main.ts'], outdir: 'dist/cli', plugins: [handlersStayExternal], supported: {'dynamic-import': false}}),
  // The code-cache loader keeps its import(): it lends it to the bundles it loads (src/util/import-esm.ts).
  build({...cjs, entryPoints: ['src/cli/code-cache.ts'], outdir: 'dist/cli'}),
  build({...cjs, entryPoints: handlers.map((file) => `src/cli/handlers/${file}`), outdir: 'dist/cli/handlers'}),
  build({...common, format: 'esm', entryPoints: ['src/commands/index.ts'], outdir: 'dist/commands'}),
]);
await writeManifest();
