#!/usr/bin/env node
// Islander's CLI. The bundled entry point parses flags from oclif's manifest and loads only the command it runs.
require('../dist/cli/main.cjs').main(process.argv.slice(2));
