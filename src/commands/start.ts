import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Start extends IsleCommand {
  static override summary = 'Start created or stopped isles.';
  static override aliases = ['container:start'];
  static override examples = ['islander start web', 'islander start -a web', 'islander start -ai shell'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
  static override flags = {
    attach: Flags.boolean({char: 'a', description: "attach to the container's output and wait for it"}),
    interactive: Flags.boolean({char: 'i', description: "attach our stdin to the container's"}),
    'detach-keys': Flags.string({description: 'key sequence that detaches (default ctrl-p,ctrl-q)'}),
  };
}
