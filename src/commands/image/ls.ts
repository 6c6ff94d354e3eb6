import {Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImageLs extends IsleCommand {
  static override summary = 'List images.';
  static override aliases = ['images', 'image:list'];
  static override examples = ['islander images', 'islander image ls -q', 'islander image ls --format json'];
  static override flags = {
    quiet: Flags.boolean({char: 'q', description: 'print only image ids'}),
    format: Flags.string({description: 'table, json, or a Go template over .ID .Repository .Tag .Digest .CreatedSince .CreatedAt .Size (`table TEMPLATE` adds headers)'}),
  };
}
