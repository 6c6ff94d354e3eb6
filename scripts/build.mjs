// Bundles the CLI with esbuild: the entry point and every command handler become ES modules with shared chunks,
// so `islander run` loads only the code it uses (and never oclif). Then regenerates oclif.manifest.json, which
// the entry point reads to parse flags without loading oclif.
import {build} from 'esbuild';
import {rmSync} from 'node:fs';
import {writeManifest} from './manifest.mjs';

rmSync('dist', {recursive: true, force: true});
await build({
  entryPoints: ['src/cli/main.ts', 'src/commands/index.ts'],
  outbase: 'src',
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
});
await writeManifest();
