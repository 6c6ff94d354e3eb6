import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Attach extends IsleCommand {
  static override summary = "Attach our terminal to a running isle's stdio (detach: ctrl-p ctrl-q).";
  static override aliases = ['container:attach'];
  static override examples = ['islander attach web', 'islander attach --detach-keys ctrl-a,d web'];
  static override args = {
    container: Args.string({description: 'container name, id or id prefix', required: true}),
  };
  static override flags = {
    'no-stdin': Flags.boolean({description: 'do not attach stdin'}),
    'detach-keys': Flags.string({description: 'key sequence that detaches (default ctrl-p,ctrl-q)'}),
  };
}
