import {Args} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Inspect extends IsleCommand {
  static override summary = 'Show a container as Docker-shaped JSON (state, exit code, OOM, limits).';
  static override aliases = ['container:inspect'];
  static override examples = ['islander inspect web', 'islander inspect 3f2a'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
}
