import {Flags} from '@oclif/core';

/** The flags that describe a container, shared by `run` and `create` (Docker's names and units). */
export const CONTAINER_FLAGS = {
  name: Flags.string({description: 'name of the container'}),
  rm: Flags.boolean({description: 'remove the container when it exits'}),
  restart: Flags.string({description: 'restart policy: no, always, unless-stopped, on-failure[:N]'}),
  init: Flags.boolean({description: 'run a tiny init as PID 1 that forwards signals and reaps zombies'}),
  'log-opt': Flags.string({description: 'log option: max-size=SIZE, max-file=N', multiple: true}),
  env: Flags.string({char: 'e', description: 'set an environment variable (KEY=VALUE, or KEY to copy it)', multiple: true}),
  workdir: Flags.string({char: 'w', description: 'working directory inside the container'}),
  hostname: Flags.string({char: 'h', description: 'container host name'}),
  interactive: Flags.boolean({char: 'i', description: 'keep stdin open'}),
  tty: Flags.boolean({char: 't', description: 'allocate a pseudo-terminal'}),
  memory: Flags.string({char: 'm', description: 'memory limit (b, k, m, g), at least 4m', aliases: ['memory-in-bytes'], helpGroup: 'LIMITS'}),
  'memory-swap': Flags.string({description: 'memory plus swap limit; -1 for unlimited swap', helpGroup: 'LIMITS'}),
  'memory-oom-group': Flags.boolean({description: 'on an OOM kill, kill every process of the container (cgroup v2 only)', helpGroup: 'LIMITS'}),
  cpus: Flags.string({description: 'number of CPUs (e.g. 0.5)', helpGroup: 'LIMITS'}),
  'cpu-shares': Flags.string({char: 'c', description: 'relative CPU weight (default 1024), at least 2', helpGroup: 'LIMITS'}),
  'cpu-period': Flags.string({description: 'CFS period in microseconds (1000-1000000)', helpGroup: 'LIMITS'}),
  'cpu-quota': Flags.string({description: 'CFS quota in microseconds per period, at least 1000', helpGroup: 'LIMITS'}),
  'cpuset-cpus': Flags.string({description: 'CPUs the container may use (0-1, 0,2)', helpGroup: 'LIMITS'}),
  'pids-limit': Flags.string({description: 'maximum number of processes (-1 unlimited)', helpGroup: 'LIMITS'}),
  'device-read-bps': Flags.string({description: 'read rate limit DEVICE:RATE (or RATE for the rootfs device), e.g. /dev/vda:1mb', multiple: true, helpGroup: 'LIMITS'}),
  'device-write-bps': Flags.string({description: 'write rate limit DEVICE:RATE (or RATE for the rootfs device)', multiple: true, helpGroup: 'LIMITS'}),
};
