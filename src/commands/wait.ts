import {Args} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Wait extends IsleCommand {
  static override summary = 'Wait for isles to exit and print their exit codes.';
  static override aliases = ['container:wait'];
  static override examples = ['islander wait web'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
}
