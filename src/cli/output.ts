import {writeSync} from 'node:fs';
import {IslanderError, isErrno, usageError} from '../errors.js';
import {importEsm} from '../util/import-esm.js';
import {compileTemplate, isTemplate, unescapeListFormat, type Template} from './template.js';

/**
 * The one module that prints results. Tables get bold headers only when stdout is a terminal (chalk is loaded
 * only then); piped output is the same columns without colour, and `--format json` is for scripts.
 */
export interface Column<Row> {
  header: string;
  value(row: Row): string;
}

export async function printTable<Row>(columns: Array<Column<Row>>, rows: readonly Row[]): Promise<void> {
  const [header = '', ...lines] = alignColumns([columns.map((column) => column.header), ...rows.map((row) => columns.map((column) => column.value(row)))]);
  const shown = process.stdout.isTTY ? (await importEsm<typeof import('chalk')>('chalk')).default.bold(header) : header;
  process.stdout.write([shown, ...lines].join('\n') + '\n');
}

/**
 * A list command's default table: the `fields` of its template rows (the rows `--format` templates see) under
 * Docker's column names, so the table and the templates say the same.
 */
export function printFieldTable<Field extends string>(headers: Record<Field, string>, fields: readonly Field[],
  rows: ReadonlyArray<Record<Field, string>>): Promise<void> {
  return printTable(fields.map((field) => ({header: headers[field], value: (row: Record<Field, string>) => row[field]})), rows);
}

/** Labels as list commands print them: KEY=VALUE,KEY=VALUE. */
export function formatLabels(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([key, value]) => `${key}=${value}`).join(',');
}

/** Lines of cells as columns, each as wide as its widest cell and 3 spaces, as `docker ps` prints them. */
function alignColumns(lines: readonly string[][]): string[] {
  const widths: number[] = [];
  for (const line of lines) line.forEach((cell, index) => { widths[index] = Math.max(widths[index] ?? 0, cell.length); });
  return lines.map((line) => line.map((cell, index) => (index === line.length - 1 ? cell : cell.padEnd(widths[index]! + 3))).join('').trimEnd());
}

/**
 * `--format` of a list command: the table (default), json, or a Go template (template.ts) rendered per row;
 * `table {{.ID}}\t{{.Names}}` aligns the tab-separated columns under a header, the template rendered over
 * `headers` (Docker's column names by field).
 */
export type ListFormat = {kind: 'table' | 'json'} | {kind: 'template'; row: Template; header: string | undefined};

export function listFormat(value: unknown, headers: Record<string, string>): ListFormat {
  if (typeof value !== 'string' || !isTemplate(value)) return {kind: outputFormat(value)};
  const text = unescapeListFormat(value);
  const table = /^table\s/.test(text);
  const row = compileTemplate(table ? text.replace(/^table\s+/, '') : text);
  return {kind: 'template', row, header: table ? row(headers) : undefined};
}

export function printTemplate(format: {row: Template; header: string | undefined}, rows: readonly unknown[]): void {
  const lines = rows.map((row) => format.row(row));
  printLines(format.header === undefined ? lines : alignColumns([format.header, ...lines].map((line) => line.split('\t'))));
}

/** `info` and `version --format`: one object as JSON (`json`) or through a template. */
export function printObject(object: unknown, format: string): void {
  if (format === 'json') printJson(object);
  else printLines([compileTemplate(format)(object)]);
}

/** `inspect -f TEMPLATE`: the template rendered for each object, a line each; else the objects as JSON. */
export function printInspected(objects: readonly unknown[], format: unknown): void {
  if (typeof format === 'string' && format !== 'json') {
    const render = compileTemplate(format);
    printLines(objects.map((object) => render(object)));
  } else {
    printJson(objects);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printLines(lines: readonly string[]): void {
  if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
}

export type OutputFormat = 'table' | 'json';

export function outputFormat(value: unknown): OutputFormat {
  if (value === undefined || value === 'table') return 'table';
  if (value === 'json') return 'json';
  throw usageError(`unknown --format '${String(value)}': use table or json`);
}

/** Docker's sizes: decimal units, three significant digits ("7.38MB"). */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${Number(value.toPrecision(3))}${units[unit]}`;
}

/**
 * One short line straight to fd 1, without creating process.stdout (Node makes it lazily, and making it loads
 * the stream machinery, ~1 ms of `run -d`). Where the fd is non-blocking and full, the stream takes over; a reader
 * that went away (EPIPE) is no error of ours.
 */
export function printLineDirect(line: string): void {
  try {
    writeSync(1, `${line}\n`);
  } catch (error) {
    if (isErrno(error, 'EAGAIN')) process.stdout.write(`${line}\n`);
    else if (!isErrno(error, 'EPIPE')) throw outputWriteError(error as NodeJS.ErrnoException);
  }
}

/** Our output could not be written, for a reason other than a reader gone away (EPIPE): a full disk, EIO. */
export function outputWriteError(error: NodeJS.ErrnoException): IslanderError {
  return new IslanderError('system', `could not write the output (${error.code ?? error.message})`, {
    suggestion: 'check where it goes: a full disk, a closed terminal',
    cause: error,
  });
}
