import {collectStats, formatStatsRow, type StatsRow} from '../../container/stats.js';
import type {Handler} from '../dispatch.js';
import {listFormat, printFieldTable, printJson, printTemplate} from '../output.js';

/** Docker's column names for `stats --format 'table {{.Name}}...'`, by template field. */
const HEADERS = {
  ID: 'CONTAINER ID', Container: 'CONTAINER', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %',
  BlockIO: 'BLOCK I/O', PIDs: 'PIDS',
};

/** A row as `docker stats --format` templates see it. */
function templateRow(row: StatsRow): Record<keyof typeof HEADERS, string> {
  const formatted = formatStatsRow(row);
  return {
    ID: formatted.ID!, Container: row.name, Name: formatted.Name!, CPUPerc: formatted.CPUPerc!, MemUsage: formatted.MemUsage!,
    MemPerc: formatted.MemPerc!, BlockIO: formatted.BlockIO!, PIDs: formatted.PIDs!,
  };
}

/** One sample pair with --no-stream; otherwise a fresh table every second (the sampling is the wait) until ^C. */
const stats: Handler = async ({argv, flags}, {paths}) => {
  const format = listFormat(flags.format, HEADERS);
  const once = flags['no-stream'] === true;
  let interrupted = false;
  process.once('SIGINT', () => (interrupted = true));
  do {
    const rows = await collectStats(paths, argv);
    if (interrupted) break;
    if (!once && process.stdout.isTTY) process.stdout.write('\x1b[2J\x1b[H');
    if (format.kind === 'json') printJson(rows.map((row) => ({...formatStatsRow(row), ...raw(row)})));
    else if (format.kind === 'template') printTemplate(format, rows.map(templateRow));
    else await printFieldTable(HEADERS, ['ID', 'Name', 'CPUPerc', 'MemUsage', 'MemPerc', 'BlockIO', 'PIDs'], rows.map(templateRow));
  } while (!once && !interrupted);
};

/** Numbers for scripts, beside Docker's strings. */
function raw(row: StatsRow): Record<string, number> {
  return {
    CPUPercent: row.cpuPercent,
    MemoryUsageBytes: row.memoryUsageBytes,
    MemoryLimitBytes: row.memoryLimitBytes,
    MemoryPercent: row.memoryPercent,
    Pids: row.pids,
    BlockReadBytes: row.blockReadBytes,
    BlockWriteBytes: row.blockWriteBytes,
  };
}

export {stats as handler};
