import {Args} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Diff extends IsleCommand {
  static override summary = "List the changes to an isle's filesystem: A added, C changed, D deleted.";
  static override aliases = ['container:diff'];
  static override examples = ['islander diff web'];
  static override args = {
    container: Args.string({description: 'container name, id or id prefix', required: true}),
  };
}
