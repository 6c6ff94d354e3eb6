import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Stop extends IsleCommand {
  static override summary = 'Stop running isles: SIGTERM, then SIGKILL after the timeout.';
  static override aliases = ['container:stop'];
  static override examples = ['islander stop web', 'islander stop -t 2 web'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
  static override flags = {
    time: Flags.string({char: 't', description: "seconds to wait before SIGKILL (default: the container's --stop-timeout, 10)"}),
    signal: Flags.string({char: 's', description: "signal to stop with (default: the container's --stop-signal, SIGTERM)"}),
  };
}
