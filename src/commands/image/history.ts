import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImageHistory extends IsleCommand {
  static override summary = 'Show the steps that made an image, newest first, with the size each layer adds.';
  static override aliases = ['history'];
  static override examples = ['islander history alpine:3.19', 'islander image history --format json myapp:1.0'];
  static override args = {
    image: Args.string({description: 'NAME[:TAG] or id', required: true}),
  };
  static override flags = {
    quiet: Flags.boolean({char: 'q', description: 'print only image ids'}),
    format: Flags.string({description: 'output format: table or json', options: ['table', 'json']}),
    'no-trunc': Flags.boolean({description: 'do not shorten ids and commands'}),
  };
}
