import {Args} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Unpause extends IsleCommand {
  static override summary = 'Let paused isles run again.';
  static override aliases = ['container:unpause'];
  static override examples = ['islander unpause web', 'islander unpause web db'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
}
