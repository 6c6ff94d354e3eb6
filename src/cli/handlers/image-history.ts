import {humanDuration} from '../../container/list.js';
import {usageError} from '../../errors.js';
import {imageHistory, type HistoryRow} from '../../image/index.js';
import type {Handler} from '../dispatch.js';
import {humanSize, outputFormat, printJson, printLines, printTable} from '../output.js';

const CREATED_BY_WIDTH = 45;

const imageHistoryHandler: Handler = async ({args, flags}, {paths}) => {
  if (!args.image) throw usageError('missing IMAGE', 'usage: islander image history IMAGE');
  const rows = imageHistory(paths, args.image);
  const full = flags['no-trunc'] === true;
  const id = (row: HistoryRow): string => row.id === '<missing>' || full ? row.id : row.id.slice(0, 12);
  if (flags.quiet === true) {
    printLines(rows.map(id));
  } else if (outputFormat(flags.format) === 'json') {
    printJson(rows);
  } else {
    await printTable<HistoryRow>([
      {header: 'IMAGE', value: id},
      {header: 'CREATED', value: (row) => row.created === '' ? '' : `${humanDuration(Date.now() - Date.parse(row.created))} ago`},
      {header: 'CREATED BY', value: (row) => full || row.createdBy.length <= CREATED_BY_WIDTH ? row.createdBy : `${row.createdBy.slice(0, CREATED_BY_WIDTH - 1)}…`},
      {header: 'SIZE', value: (row) => humanSize(row.size)},
      {header: 'COMMENT', value: (row) => row.comment},
    ], rows);
  }
};

export {imageHistoryHandler as handler};
