import {Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ContainerPrune extends IsleCommand {
  static override summary = 'Remove every stopped isle (created or exited), with its writable layer and log.';
  static override examples = ['islander container prune', 'islander container prune -f'];
  static override flags = {
    force: Flags.boolean({char: 'f', description: 'accepted for Docker compatibility: Islander never asks for confirmation'}),
  };
}
