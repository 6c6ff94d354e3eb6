import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Restart extends IsleCommand {
  static override summary = 'Stop and start isles again.';
  static override aliases = ['container:restart'];
  static override examples = ['islander restart web', 'islander restart -t 0 web'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
  static override flags = {
    time: Flags.string({char: 't', description: 'seconds to wait before SIGKILL (default 10)'}),
  };
}
