#!/usr/bin/env -S node --
// `--`: Node 20 reads an --env-file anywhere on its command line, ours (`run --env-file F`) included, up to a `--`.
// Islander's CLI. The bundled entry point parses flags from oclif's manifest and loads only the command it runs;
// our bundles compile from V8's code cache (src/cli/code-cache.ts) unless ISLANDER_NO_CODE_CACHE=1.
const {join} = require('node:path');
const dist = join(__dirname, '..', 'dist');
if (process.env.ISLANDER_NO_CODE_CACHE !== '1') {
  require('../dist/cli/code-cache.cjs').installCodeCache(join(dist, 'cli'), join(dist, '.code-cache'));
}
require('../dist/cli/main.cjs').main(process.argv.slice(2));
