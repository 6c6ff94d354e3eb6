import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Rm extends IsleCommand {
  static override summary = 'Remove containers (-f kills running ones first).';
  static override aliases = ['container:rm'];
  static override examples = ['islander rm web', 'islander rm -f web', 'islander rm $(islander ps -aq)'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
  static override flags = {
    force: Flags.boolean({char: 'f', description: 'kill the container if it is running'}),
  };
}
