import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Kill extends IsleCommand {
  static override summary = "Send a signal to isles' PID 1 (default SIGKILL).";
  static override aliases = ['container:kill'];
  static override examples = ['islander kill web', 'islander kill -s HUP web'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
  static override flags = {
    signal: Flags.string({char: 's', description: 'signal name or number (default KILL)'}),
  };
}
