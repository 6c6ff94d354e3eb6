import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Logs extends IsleCommand {
  static override summary = "Print an isle's output (its stdout to stdout, its stderr to stderr).";
  static override aliases = ['container:logs'];
  static override examples = [
    'islander logs web',
    'islander logs -f --tail 20 web',
    'islander logs --since 10m --timestamps web',
    'islander logs --since 2026-01-02T15:04:05Z --until 1767366300 web',
  ];
  static override args = {
    container: Args.string({description: 'container name, id or id prefix', required: true}),
  };
  static override flags = {
    follow: Flags.boolean({char: 'f', description: 'keep printing new output until the container exits (or ^C)'}),
    tail: Flags.string({char: 'n', description: "number of lines to show from the end, or 'all' (default all)"}),
    since: Flags.string({description: 'only output from this time on: RFC 3339, Unix seconds, or a duration back from now (10m, 1h30m)'}),
    until: Flags.string({description: 'only output up to this time (same forms as --since)'}),
    timestamps: Flags.boolean({char: 't', description: 'start each line with its RFC 3339 timestamp'}),
  };
}
