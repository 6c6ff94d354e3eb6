import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Run extends IsleCommand {
  static override summary = 'Run a command in a new isle (container).';
  static override description = 'Flags follow `docker run`: same names, same units, exit codes 125 (engine), 126 (not executable), 127 (not found); otherwise the exit code of the container.';
  static override examples = [
    'islander run --rm alpine-stress echo hello',
    'islander run -m 500m alpine-stress stress --vm 1 --vm-bytes 1G',
    'islander run -it --name shell alpine-stress sh',
    'islander run --cpus 0.5 --pids-limit 64 alpine-stress stress --cpu 2 --timeout 5s',
  ];
  static override strict = false;
  static override stopAtFirstArg = true;
  static override args = {
    image: Args.string({description: 'image name, id or id prefix', required: true}),
    command: Args.string({description: "command and arguments (default: the image's)"}),
  };
  static override flags = {
    name: Flags.string({description: 'name of the container'}),
    rm: Flags.boolean({description: 'remove the container when it exits'}),
    env: Flags.string({char: 'e', description: 'set an environment variable (KEY=VALUE, or KEY to copy it)', multiple: true}),
    workdir: Flags.string({char: 'w', description: 'working directory inside the container'}),
    hostname: Flags.string({char: 'h', description: 'container host name'}),
    interactive: Flags.boolean({char: 'i', description: 'keep stdin open'}),
    tty: Flags.boolean({char: 't', description: 'allocate a pseudo-terminal'}),
    memory: Flags.string({char: 'm', description: 'memory limit (b, k, m, g), at least 4m', aliases: ['memory-in-bytes'], helpGroup: 'LIMITS'}),
    'memory-swap': Flags.string({description: 'memory plus swap limit; -1 for unlimited swap', helpGroup: 'LIMITS'}),
    cpus: Flags.string({description: 'number of CPUs (e.g. 0.5)', helpGroup: 'LIMITS'}),
    'cpu-shares': Flags.string({char: 'c', description: 'relative CPU weight (default 1024), at least 2', helpGroup: 'LIMITS'}),
    'cpu-period': Flags.string({description: 'CFS period in microseconds (1000-1000000)', helpGroup: 'LIMITS'}),
    'cpu-quota': Flags.string({description: 'CFS quota in microseconds per period, at least 1000', helpGroup: 'LIMITS'}),
    'cpuset-cpus': Flags.string({description: 'CPUs the container may use (0-1, 0,2)', helpGroup: 'LIMITS'}),
    'pids-limit': Flags.string({description: 'maximum number of processes (-1 unlimited)', helpGroup: 'LIMITS'}),
    'device-read-bps': Flags.string({description: 'read rate limit DEVICE:RATE (or RATE for the rootfs device), e.g. /dev/vda:1mb', multiple: true, helpGroup: 'LIMITS'}),
    'device-write-bps': Flags.string({description: 'write rate limit DEVICE:RATE (or RATE for the rootfs device)', multiple: true, helpGroup: 'LIMITS'}),
  };
}
