import {Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class VolumeLs extends IsleCommand {
  static override summary = 'List volumes.';
  static override aliases = ['volume:list'];
  static override examples = ['islander volume ls', 'islander volume ls -q', 'islander volume ls --format json'];
  static override flags = {
    quiet: Flags.boolean({char: 'q', description: 'print only names'}),
    format: Flags.string({description: 'table, json, or a Go template over .Name .Driver .Mountpoint .Labels .Scope (`table TEMPLATE` adds headers)'}),
  };
}
