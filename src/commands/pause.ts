import {Args} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Pause extends IsleCommand {
  static override summary = 'Freeze every process of running isles (cgroup freezer).';
  static override aliases = ['container:pause'];
  static override examples = ['islander pause web', 'islander pause web db'];
  static override strict = false;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix (several allowed)', required: true}),
  };
}
