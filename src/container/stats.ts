import {totalmem} from 'node:os';
import {sleep} from '../util/sleep.js';
import {cgroupDriver, type CgroupStats} from '../cgroups/index.js';
import type {StorePaths} from '../paths.js';
import {listReconciled} from './list.js';
import {isActive, type ContainerRecord} from './record.js';
import {currentContainer} from './reconcile.js';

/** One row of `islander stats`: raw numbers, and the strings Docker prints for them. */
export interface StatsRow {
  id: string;
  name: string;
  cpuPercent: number;
  memoryUsageBytes: number;
  memoryLimitBytes: number;
  memoryPercent: number;
  pids: number;
  blockReadBytes: number;
  blockWriteBytes: number;
}

interface Sample {
  record: ContainerRecord;
  stats: CgroupStats | undefined;
  atNs: bigint;
}

/**
 * `islander stats`: two samples of each container's cgroup `intervalMs` apart; CPU % is the CPU time used over
 * the wall time between them (100% = one CPU busy, as Docker counts). Without names: every running container.
 */
export async function collectStats(paths: StorePaths, refs: readonly string[], intervalMs = 1000): Promise<StatsRow[]> {
  const records = refs.length > 0
    ? await Promise.all(refs.map((ref) => currentContainer(paths, ref)))
    : (await listReconciled(paths, {all: false})).filter((record) => isActive(record.state.status));
  const first = records.map(sample);
  await sleep(intervalMs);
  return first.map((before) => statsRow(before, sample(before.record), totalmem()));
}

function sample(record: ContainerRecord): Sample {
  const group = isActive(record.state.status) ? cgroupDriver().open(record.id) : undefined;
  return {record, stats: group?.stats(), atNs: process.hrtime.bigint()};
}

function statsRow(before: Sample, after: Sample, hostMemory: number): StatsRow {
  const stats = after.stats;
  const limit = stats?.memoryLimitBytes !== undefined && stats.memoryLimitBytes < hostMemory ? stats.memoryLimitBytes : hostMemory;
  return {
    id: after.record.id,
    name: after.record.name,
    cpuPercent: before.stats && stats ? cpuPercent(before.stats.cpuUsageNs, stats.cpuUsageNs, Number(after.atNs - before.atNs)) : 0,
    memoryUsageBytes: stats?.memoryUsageBytes ?? 0,
    memoryLimitBytes: limit,
    memoryPercent: stats && limit > 0 ? (stats.memoryUsageBytes / limit) * 100 : 0,
    pids: stats?.pidsCurrent ?? 0,
    blockReadBytes: stats?.ioReadBytes ?? 0,
    blockWriteBytes: stats?.ioWriteBytes ?? 0,
  };
}

/** CPU time used over wall time, in percent of one CPU; a counter that went backwards (a new group) counts 0. */
export function cpuPercent(usedBeforeNs: number, usedAfterNs: number, wallNs: number): number {
  if (wallNs <= 0 || usedAfterNs < usedBeforeNs) return 0;
  return ((usedAfterNs - usedBeforeNs) / wallNs) * 100;
}

/** Docker's memory sizes: binary units, four significant digits ("1.5MiB", "500MiB", "7.629GiB"). */
export function binarySize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${trimNumber(value, 4)}${units[unit]}`;
}

/** Docker's I/O sizes: decimal units, three significant digits ("0B", "4.1kB", "12.3MB"). */
export function decimalSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${trimNumber(value, 3)}${units[unit]}`;
}

/** Go's %.Ng: N significant digits, no trailing zeros. */
function trimNumber(value: number, digits: number): string {
  return String(Number(value.toPrecision(digits)));
}

/** The strings of one row, keyed as `docker stats --format json` keys them. */
export function formatStatsRow(row: StatsRow): Record<string, string> {
  return {
    ID: row.id.slice(0, 12),
    Name: row.name,
    CPUPerc: `${row.cpuPercent.toFixed(2)}%`,
    MemUsage: `${binarySize(row.memoryUsageBytes)} / ${binarySize(row.memoryLimitBytes)}`,
    MemPerc: `${row.memoryPercent.toFixed(2)}%`,
    BlockIO: `${decimalSize(row.blockReadBytes)} / ${decimalSize(row.blockWriteBytes)}`,
    PIDs: String(row.pids),
  };
}
