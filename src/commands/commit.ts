import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Commit extends IsleCommand {
  static override summary = "Create a new image from an isle's changes.";
  static override description = 'The image of the isle plus one layer holding what the isle changed (deleted ' +
    'files become whiteouts), with the isle\'s command, environment and working directory. Prints the image id.';
  static override aliases = ['container:commit'];
  static override examples = [
    'islander commit web',
    'islander commit web web:patched',
    'islander commit --no-pause web snapshot:1',
  ];
  static override args = {
    container: Args.string({description: 'container name, id or id prefix', required: true}),
    reference: Args.string({description: 'NAME[:TAG] for the new image (none: an untagged image)'}),
  };
  static override flags = {
    pause: Flags.boolean({char: 'p', description: 'pause a running isle while its changes are read', default: true, allowNo: true}),
  };
}
