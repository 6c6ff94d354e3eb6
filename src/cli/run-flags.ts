import type {prepareRun} from '../container/prepare.js';
import type {ParsedArgv} from './parse.js';
import {optionalString, stringList} from './handlers/flags.js';

/** The flags `run` and `create` share, from parsed argv to the library's option shapes. */
export function runOptions({flags, argv}: ParsedArgv): Parameters<typeof prepareRun>[1] {
  const [image, ...command] = argv;
  return {
    image: image!,
    pull: optionalString(flags.pull),
    command,
    name: optionalString(flags.name),
    autoRemove: flags.rm === true,
    env: stringList(flags.env),
    envFiles: stringList(flags['env-file']),
    entrypoint: optionalString(flags.entrypoint),
    labels: stringList(flags.label),
    labelFiles: stringList(flags['label-file']),
    workdir: optionalString(flags.workdir),
    user: optionalString(flags.user),
    hostname: optionalString(flags.hostname),
    tty: flags.tty === true,
    interactive: flags.interactive === true,
    restart: optionalString(flags.restart),
    init: flags.init === true,
    logOpts: stringList(flags['log-opt']),
    mounts: {volumes: stringList(flags.volume), mounts: stringList(flags.mount), tmpfs: stringList(flags.tmpfs)},
    readOnly: flags['read-only'] === true,
    network: optionalString(flags.network),
    capAdd: stringList(flags['cap-add']),
    capDrop: stringList(flags['cap-drop']),
    ulimits: stringList(flags.ulimit),
    sysctls: stringList(flags.sysctl),
    shmSize: optionalString(flags['shm-size']),
    stopSignal: optionalString(flags['stop-signal']),
    stopTimeout: optionalString(flags['stop-timeout']),
    addHosts: stringList(flags['add-host']),
    dns: stringList(flags.dns),
    dnsSearch: stringList(flags['dns-search']),
    dnsOptions: stringList(flags['dns-option']),
  };
}

export function resourceFlags({flags}: ParsedArgv): Parameters<typeof prepareRun>[2] {
  return {
    memory: optionalString(flags.memory),
    memorySwap: optionalString(flags['memory-swap']),
    memoryOomGroup: flags['memory-oom-group'] === true,
    cpus: optionalString(flags.cpus),
    cpuShares: optionalString(flags['cpu-shares']),
    cpuPeriod: optionalString(flags['cpu-period']),
    cpuQuota: optionalString(flags['cpu-quota']),
    cpusetCpus: optionalString(flags['cpuset-cpus']),
    pidsLimit: optionalString(flags['pids-limit']),
    deviceReadBps: stringList(flags['device-read-bps']),
    deviceWriteBps: stringList(flags['device-write-bps']),
  };
}

