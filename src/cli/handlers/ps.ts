import {usageError} from '../../errors.js';
import {describeStatus, humanDuration, listReconciled} from '../../container/list.js';
import type {ContainerRecord} from '../../container/record.js';
import {parseContainerFilters} from '../../container/filters.js';
import type {Handler} from '../dispatch.js';
import type {FlagValue} from '../parse.js';
import {optionalString, stringList} from './flags.js';
import {formatLabels, listFormat, printFieldTable, printJson, printLines, printTemplate} from '../output.js';

/** Docker's column names for `ps --format 'table {{.ID}}...'`, by template field. */
const HEADERS = {
  ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED',
  State: 'STATE', Status: 'STATUS', Names: 'NAMES', Mounts: 'MOUNTS', Labels: 'LABELS', Networks: 'NETWORKS',
};

/** A row as `docker ps --format` templates see it; ids and commands are cut short unless --no-trunc, as Docker's. */
function templateRow(record: ContainerRecord, noTrunc: boolean): Record<keyof typeof HEADERS, string> {
  const command = [record.path, ...record.args].join(' ');
  return {
    ID: noTrunc ? record.id : record.id.slice(0, 12),
    Image: record.image.name,
    Command: JSON.stringify(noTrunc ? command : truncate(command, 20)),
    CreatedAt: new Date(record.created).toString(),
    RunningFor: `${humanDuration(Date.now() - Date.parse(record.created))} ago`,
    State: record.state.status,
    Status: describeStatus(record),
    Names: record.name,
    // As Docker lists them: volumes by name, bind mounts by host path.
    Mounts: (record.hostConfig.mounts ?? []).flatMap((mount) => mount.type === 'volume' ? [mount.name] : mount.type === 'bind' ? [mount.source] : []).join(','),
    Labels: formatLabels(record.config.labels ?? {}),
    Networks: record.hostConfig.networkMode ?? 'none',
  };
}

const ps: Handler = async ({flags}, {paths}) => {
  const format = listFormat(flags.format, HEADERS);
  const filters = parseContainerFilters(stringList(flags.filter));
  const last = flags.latest === true ? 1 : optionalCount(flags.last);
  const noTrunc = flags['no-trunc'] === true;
  // As Docker's: -n/-l and the status filters look at stopped containers too.
  const listed = await listReconciled(paths, {all: flags.all === true || filters.impliesAll || last !== undefined});
  const records = listed.filter((record) => filters.matches(record)).slice(0, last);
  if (flags.quiet === true) {
    printLines(records.map((record) => noTrunc ? record.id : record.id.slice(0, 12)));
  } else if (format.kind === 'template') {
    printTemplate(format, records.map((record) => templateRow(record, noTrunc)));
  } else if (format.kind === 'json') {
    printJson(records.map((record) => ({
      Id: record.id,
      Names: [record.name],
      Image: record.image.name,
      ImageID: `sha256:${record.image.id}`,
      Command: [record.path, ...record.args].join(' '),
      Created: record.created,
      State: record.state.status,
      Status: describeStatus(record),
      ExitCode: record.state.exitCode,
      OOMKilled: record.state.oomKilled,
      Pid: record.state.pid,
    })));
  } else {
    await printFieldTable(HEADERS, ['ID', 'Image', 'Command', 'RunningFor', 'Status', 'Names'], records.map((record) => templateRow(record, noTrunc)));
  }
};

/** -n/--last N: a whole number. */
function optionalCount(value: FlagValue | undefined): number | undefined {
  const text = optionalString(value);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw usageError(`invalid --last '${text}': use a whole number`);
  return Number(text);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export {ps as handler};
