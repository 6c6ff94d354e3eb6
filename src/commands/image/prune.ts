import {Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImagePrune extends IsleCommand {
  static override summary = 'Remove dangling images (no name, no container), and the layers only they used.';
  static override examples = ['islander image prune', 'islander image prune -a'];
  static override flags = {
    all: Flags.boolean({char: 'a', description: 'remove every image no container uses, named or not'}),
    force: Flags.boolean({char: 'f', description: 'accepted for Docker compatibility (Islander does not prompt)'}),
  };
}
