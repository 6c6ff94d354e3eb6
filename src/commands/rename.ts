import {Args} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Rename extends IsleCommand {
  static override summary = 'Rename an isle.';
  static override aliases = ['container:rename'];
  static override examples = ['islander rename brave_skye web'];
  static override args = {
    container: Args.string({description: 'container name, id or id prefix', required: true}),
    name: Args.string({description: 'the new name', required: true}),
  };
}
