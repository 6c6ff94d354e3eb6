import {containerTop, type TopProcess} from '../../container/top.js';
import type {Handler} from '../dispatch.js';
import {outputFormat, printJson, printTable} from '../output.js';

const top: Handler = async ({args, flags}, {paths}) => {
  const format = outputFormat(flags.format);
  const processes = await containerTop(paths, args.container!);
  if (format === 'json') {
    printJson(processes.map((entry) => ({PID: entry.pid, PPID: entry.ppid, USER: entry.user, TIME: entry.time, CMD: entry.cmd})));
    return;
  }
  await printTable<TopProcess>([
    {header: 'PID', value: (entry) => String(entry.pid)},
    {header: 'USER', value: (entry) => entry.user},
    {header: 'TIME', value: (entry) => entry.time},
    {header: 'CMD', value: (entry) => entry.cmd},
  ], processes);
};

export {top as handler};
