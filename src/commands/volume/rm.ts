import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class VolumeRm extends IsleCommand {
  static override summary = 'Remove volumes that no container uses (running or stopped, as Docker).';
  static override aliases = ['volume:remove'];
  static override examples = ['islander volume rm data', 'islander volume rm -f maybe-gone'];
  static override strict = false;
  static override args = {
    name: Args.string({description: 'volume name (several allowed)', required: true}),
  };
  static override flags = {
    force: Flags.boolean({char: 'f', description: 'no error for a volume that does not exist (a used one is still refused)'}),
  };
}
