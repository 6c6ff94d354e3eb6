import {collectStats, formatStatsRow, type StatsRow} from '../../container/stats.js';
import type {Handler} from '../dispatch.js';
import {listFormat, printJson, printTable, printTemplate} from '../output.js';

/** Docker's column names for `stats --format 'table {{.Name}}...'`, by template field. */
const HEADERS = {
  ID: 'CONTAINER ID', Container: 'CONTAINER', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %',
  BlockIO: 'BLOCK I/O', PIDs: 'PIDS',
};

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
    else if (format.kind === 'template') printTemplate(format, rows.map((row) => ({...formatStatsRow(row), Container: row.name})));
    else await printStats(rows);
  } while (!once && !interrupted);
};

async function printStats(rows: StatsRow[]): Promise<void> {
  const column = (header: string, key: string): {header: string; value: (row: StatsRow) => string} =>
    ({header, value: (row) => formatStatsRow(row)[key]!});
  await printTable<StatsRow>([
    column('CONTAINER ID', 'ID'),
    column('NAME', 'Name'),
    column('CPU %', 'CPUPerc'),
    column('MEM USAGE / LIMIT', 'MemUsage'),
    column('MEM %', 'MemPerc'),
    column('BLOCK I/O', 'BlockIO'),
    column('PIDS', 'PIDs'),
  ], rows);
}

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
