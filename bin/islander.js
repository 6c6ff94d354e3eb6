#!/usr/bin/env node
// Islander's CLI. The bundled entry point parses flags from oclif's manifest and loads only the command it runs.
import {main} from '../dist/cli/main.js';

await main(process.argv.slice(2));
