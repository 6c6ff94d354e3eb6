import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImageRm extends IsleCommand {
  static override summary = 'Remove images (a name, or the image once its last name is gone).';
  static override aliases = ['rmi', 'image:remove'];
  static override examples = ['islander rmi alpine-stress', 'islander image rm myapp:1.0', 'islander rmi -f 3f2a9c'];
  static override strict = false;
  static override args = {
    image: Args.string({description: 'NAME[:TAG], id or id prefix (several allowed)', required: true}),
  };
  static override flags = {
    force: Flags.boolean({char: 'f', description: 'remove even if containers use it or it has several names'}),
  };
}
