import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Stats extends IsleCommand {
  static override summary = 'Show CPU, memory, block I/O and process counts of isles, refreshed every second.';
  static override aliases = ['container:stats'];
  static override examples = ['islander stats', 'islander stats --no-stream web', 'islander stats --no-stream --format json',
    "islander stats --no-stream --format '{{.Name}} {{.CPUPerc}} {{.MemUsage}}'"];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container names, ids or id prefixes (default: every running isle)'}),
  };
  static override flags = {
    'no-stream': Flags.boolean({description: 'print one sample and exit'}),
    format: Flags.string({description: 'table, json, or a Go template over .ID .Container .Name .CPUPerc .MemUsage .MemPerc .BlockIO .PIDs (`table TEMPLATE` adds headers)'}),
  };
}
