import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Inspect extends IsleCommand {
  static override summary = 'Show a container as Docker-shaped JSON (state, exit code, OOM, limits).';
  static override aliases = ['container:inspect'];
  static override examples = ['islander inspect web', 'islander inspect 3f2a', "islander inspect -f '{{.State.ExitCode}} {{.State.OOMKilled}}' web"];
  static override strict = false;
  static override flags = {
    format: Flags.string({char: 'f', description: "a Go template for each one, as docker's -f: '{{.State.Status}}', '{{json .Config}}' (default: JSON)"}),
  };
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
}
