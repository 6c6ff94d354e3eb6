import {Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class VolumePrune extends IsleCommand {
  static override summary = 'Remove every volume that no container uses.';
  static override examples = ['islander volume prune', 'islander volume prune -f'];
  static override flags = {
    all: Flags.boolean({char: 'a', description: 'accepted for Docker compatibility: every unused volume is pruned (Islander has no anonymous volumes)'}),
    force: Flags.boolean({char: 'f', description: 'accepted for Docker compatibility: Islander never asks for confirmation'}),
  };
}
