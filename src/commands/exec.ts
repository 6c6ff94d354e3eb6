import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Exec extends IsleCommand {
  static override aliases = ['container:exec'];
  static override summary = 'Run a command in a running isle (container).';
  static override description = 'Flags follow `docker exec`. Exit codes: the command\'s own, 125 (engine or container not running), 126 (not executable), 127 (not found).';
  static override examples = [
    'islander exec web ps',
    'islander exec -it web sh',
    'islander exec -e DEBUG=1 -w /tmp -u nobody web env',
    'islander exec -d web touch /tmp/ready',
  ];
  static override strict = false;
  static override stopAtFirstArg = true;
  static override args = {
    container: Args.string({description: 'container name, id or id prefix', required: true}),
    command: Args.string({description: 'command and arguments', required: true}),
  };
  static override flags = {
    interactive: Flags.boolean({char: 'i', description: 'keep stdin open'}),
    tty: Flags.boolean({char: 't', description: 'allocate a pseudo-terminal'}),
    detach: Flags.boolean({char: 'd', description: 'run the command in the background'}),
    env: Flags.string({char: 'e', description: 'set an environment variable (KEY=VALUE, or KEY to copy it)', multiple: true}),
    workdir: Flags.string({char: 'w', description: 'working directory inside the container'}),
    user: Flags.string({char: 'u', description: 'user name or uid, optionally with :group or :gid'}),
  };
}
