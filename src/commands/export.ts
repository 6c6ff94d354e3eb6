import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Export extends IsleCommand {
  static override summary = "Export an isle's filesystem as a tar archive.";
  static override description = 'A flat tar of the whole filesystem (running or stopped), as `docker export`; ' +
    '`islander image import` turns it back into an image.';
  static override aliases = ['container:export'];
  static override examples = [
    'islander export web > web.tar',
    'islander export -o web.tar web && islander image import web.tar web:snapshot',
  ];
  static override args = {
    container: Args.string({description: 'container name, id or id prefix', required: true}),
  };
  static override flags = {
    output: Flags.string({char: 'o', description: 'write to FILE instead of stdout'}),
  };
}
