import {Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Ps extends IsleCommand {
  static override summary = 'List isles (running ones unless -a).';
  static override aliases = ['container:ls', 'container:list', 'container:ps'];
  static override examples = ['islander ps', 'islander ps -a', 'islander ps -aq', 'islander ps -a --format json',
    'islander ps -q --filter status=exited --filter label=app=shop',
    "islander ps -a --format '{{.Names}} {{.Status}}'", "islander ps --format 'table {{.ID}}\\t{{.Image}}\\t{{.Names}}'"];
  static override flags = {
    all: Flags.boolean({char: 'a', description: 'show all containers, not only running ones'}),
    quiet: Flags.boolean({char: 'q', description: 'print only ids'}),
    filter: Flags.string({char: 'f', multiple: true, description: 'only containers that match KEY=VALUE: id, name, status, exited, label, ancestor, volume (a key given twice matches either)'}),
    last: Flags.string({char: 'n', description: 'the N most recently created containers, in any state'}),
    latest: Flags.boolean({char: 'l', description: 'the most recently created container, in any state'}),
    'no-trunc': Flags.boolean({description: 'do not truncate ids and commands'}),
    format: Flags.string({description: 'table, json, or a Go template over .ID .Image .Command .CreatedAt .RunningFor .State .Status .Names .Mounts .Labels .Networks (`table TEMPLATE` adds headers)'}),
  };
}
