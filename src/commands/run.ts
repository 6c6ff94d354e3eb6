import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';
import {CONTAINER_FLAGS} from '../cli/container-flags.js';

export default class Run extends IsleCommand {
  static override aliases = ['container:run'];
  static override summary = 'Run a command in a new isle (container).';
  static override description = 'Flags follow `docker run`: same names, same units, exit codes 125 (engine), 126 (not executable), 127 (not found); otherwise the exit code of the container.';
  static override examples = [
    'islander run --rm alpine-stress echo hello',
    'islander run -m 500m alpine-stress stress --vm 1 --vm-bytes 1G',
    'islander run -it --name shell alpine-stress sh',
    'islander run -d --name web --restart on-failure:3 alpine-stress sh -c "while true; do date; sleep 1; done"',
    'islander run --cpus 0.5 --pids-limit 64 alpine-stress stress --cpu 2 --timeout 5s',
  ];
  static override strict = false;
  static override stopAtFirstArg = true;
  static override args = {
    image: Args.string({description: 'image name, id or id prefix', required: true}),
    command: Args.string({description: "command and arguments (default: the image's)"}),
  };
  static override flags = {
    detach: Flags.boolean({char: 'd', description: 'run in the background and print the container id'}),
    'detach-keys': Flags.string({description: 'key sequence that detaches from the container (default ctrl-p,ctrl-q)'}),
    ...CONTAINER_FLAGS,
  };
}
