import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Top extends IsleCommand {
  static override summary = "List an isle's processes (PID, USER, TIME, CMD), read from the host's /proc.";
  static override aliases = ['container:top'];
  static override examples = ['islander top web', 'islander top --format json web', 'islander top web aux'];
  static override strict = false;
  /** `docker top NAME aux`: what follows the name are ps options, accepted and ignored (so flags go first). */
  static override stopAtFirstArg = true;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix', required: true}),
  };
  static override flags = {
    format: Flags.string({description: 'output format: table or json', options: ['table', 'json']}),
  };
}
