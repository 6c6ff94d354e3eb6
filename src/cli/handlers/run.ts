import {prepareRun} from '../../container/prepare.js';
import {describeMemory} from '../../container/resources.js';
import {runForeground} from '../../container/run.js';
import type {Handler} from '../dispatch.js';
import {traceMark} from '../../util/trace.js';
import {optionalString, stringList} from './flags.js';

const run: Handler = async ({flags, argv}, {paths}) => {
  const [image, ...command] = argv;
  const spec = prepareRun(paths, {
    image: image!,
    command,
    name: optionalString(flags.name),
    autoRemove: flags.rm === true,
    env: stringList(flags.env),
    workdir: optionalString(flags.workdir),
    hostname: optionalString(flags.hostname),
    tty: flags.tty === true,
    interactive: flags.interactive === true,
  }, {
    memory: optionalString(flags.memory),
    memorySwap: optionalString(flags['memory-swap']),
    cpus: optionalString(flags.cpus),
    cpuShares: optionalString(flags['cpu-shares']),
    cpuPeriod: optionalString(flags['cpu-period']),
    cpuQuota: optionalString(flags['cpu-quota']),
    cpusetCpus: optionalString(flags['cpuset-cpus']),
    pidsLimit: optionalString(flags['pids-limit']),
    deviceReadBps: stringList(flags['device-read-bps']),
    deviceWriteBps: stringList(flags['device-write-bps']),
  });
  traceMark('validated');
  const outcome = await runForeground(paths, spec);
  if (outcome.oomKilled) {
    const limit = spec.resources.memory?.limit;
    const what = limit ? `its ${describeMemory(limit)} memory limit was reached` : 'the host ran out of memory';
    process.stderr.write(`islander: container ${outcome.record.name} was OOM-killed: ${what}\n`);
  }
  traceMark('run done');
  return outcome.exitCode;
};

export {run as handler};
