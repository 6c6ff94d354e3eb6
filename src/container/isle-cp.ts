import type {ChildProcess} from 'node:child_process';
import {constants} from 'node:os';
import type {Readable} from 'node:stream';
import {IslanderError, isErrno} from '../errors.js';
import {libexecPath} from '../paths.js';
import {startProcess, waitForExit} from '../process/spawn.js';

/**
 * isle-cp (runtime-c/PROTOCOL.md, "isle-cp"): the one way Islander reads or writes a container's filesystem.
 * It resolves every path inside a root with RESOLVE_IN_ROOT and never follows a final symlink, so a container's
 * symlinks cannot reach the host. Each run prints exactly one JSON line on stderr: `stat`, `archived`,
 * `unpacked` or `error`. A root is a list of isle-cp arguments (fs-root.ts).
 */
export type FsRoot = readonly string[];

export interface PathStat {
  kind: 'file' | 'directory' | 'symlink' | 'other' | 'missing';
  mode: number;
  size: number;
}

export interface ArchiveOptions {
  /** The name PATH gets in the tar ("" with `contents`: its children at the top). */
  name: string;
  contents?: boolean;
  owner?: {uid: number; gid: number};
  oneFileSystem?: boolean;
  whiteouts?: boolean;
  xattrs?: boolean;
}

interface ErrorLine {
  stage: string;
  errno: number;
  message: string;
  entry?: string;
}

interface ResultLine extends Partial<ErrorLine> {
  v: number;
  type: string;
  kind?: PathStat['kind'];
  mode?: number;
  size?: number;
}

/** A running isle-cp: stdin/stdout as wired, `result` resolves with its line or rejects with its error. */
export interface CpProcess {
  child: ChildProcess;
  result: Promise<ResultLine>;
}

const ERRNO_NAMES = new Map(Object.entries(constants.errno).map(([name, value]) => [value, name]));

function start(root: FsRoot, mode: string[], stdio: {stdin: 'pipe' | 'ignore' | number; stdout: 'pipe' | 'ignore' | number}): CpProcess {
  const child = startProcess(libexecPath('isle-cp'), [...root, ...mode], {stdio: [stdio.stdin, stdio.stdout, 'pipe']});
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  const result = waitForExit(child).then(
    (code) => resultOf(code, stderr),
    (error: unknown) => { throw spawnError(error); },
  );
  result.catch(() => undefined); // observed by the caller; avoid an unhandled rejection in between
  return {child, result};
}

function resultOf(code: number, stderr: string): ResultLine {
  const line = lastJsonLine(stderr);
  if (line?.type === 'error') throw new CpToolError(line as ErrorLine & ResultLine);
  if (code !== 0 || !line) {
    const how = code > 128 ? `was killed by signal ${code - 128}` : `exited with status ${code}`;
    throw new IslanderError('system', `isle-cp ${how}${stderr.trim() ? `: ${stderr.trim().split('\n').pop()}` : ''}`);
  }
  return line;
}

function lastJsonLine(stderr: string): ResultLine | undefined {
  for (const text of stderr.split('\n').reverse()) {
    if (!text.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(text) as ResultLine;
      if (parsed.v === 1 && typeof parsed.type === 'string') return parsed;
    } catch {
      // not a protocol line
    }
  }
  return undefined;
}

/** isle-cp's error line, kept whole so callers can phrase it for their command. */
export class CpToolError extends IslanderError {
  readonly stage: string;
  readonly errnoName: string;
  readonly entry: string | undefined;

  constructor(line: ErrorLine) {
    const name = ERRNO_NAMES.get(line.errno) ?? '';
    super(codeFor(line.stage, name), `${line.message}${name ? ` (${name})` : ''}${line.entry ? ` (entry '${line.entry}')` : ''}`);
    this.stage = line.stage;
    this.errnoName = name;
    this.entry = line.entry;
  }
}

/** isle-cp's failure with what the command was doing in front; other errors pass unchanged. */
export function withContext(error: unknown, what: string): unknown {
  if (!(error instanceof CpToolError)) return error;
  return new IslanderError(error.code, `${what}: ${error.message}`, {suggestion: error.suggestion, cause: error});
}

function codeFor(stage: string, errnoName: string): IslanderError['code'] {
  if (stage === 'path' && (errnoName === 'ENOENT' || errnoName === 'ENOTDIR')) return 'not-found';
  if (stage === 'args') return 'internal';
  return 'system';
}

function spawnError(error: unknown): IslanderError {
  if (isErrno(error, 'ENOENT')) {
    return new IslanderError('system', 'cannot run isle-cp: not found', {suggestion: 'build the runtime with `make -C runtime-c`'});
  }
  return new IslanderError('system', `cannot run isle-cp: ${error instanceof Error ? error.message : String(error)}`);
}

/** What is at PATH inside the root; a final symlink is followed (inside the root) only with `follow`. */
export async function statPath(root: FsRoot, path: string, options: {follow?: boolean} = {}): Promise<PathStat> {
  const mode = ['--stat', path, ...(options.follow ? ['--follow'] : [])];
  const line = await start(root, mode, {stdin: 'ignore', stdout: 'ignore'}).result;
  if (line.type !== 'stat' || !line.kind) throw new IslanderError('internal', `unexpected isle-cp output: ${JSON.stringify(line)}`);
  return {kind: line.kind, mode: line.mode ?? 0, size: line.size ?? 0};
}

/** Starts writing PATH as a tar to `stdout` ('pipe': read it from child.stdout). */
export function archivePath(root: FsRoot, path: string, options: ArchiveOptions, stdout: 'pipe' | number = 'pipe'): CpProcess {
  const mode = ['--archive', path, '--name', options.name];
  if (options.contents) mode.push('--contents');
  if (options.owner) mode.push('--owner', `${options.owner.uid}:${options.owner.gid}`);
  if (options.oneFileSystem) mode.push('--one-file-system');
  if (options.whiteouts) mode.push('--whiteouts');
  if (options.xattrs) mode.push('--xattrs');
  return start(root, mode, {stdin: 'ignore', stdout});
}

/** Starts extracting a tar from `stdin` ('pipe': write it to child.stdin) into the directory DIR of the root. */
export function extractInto(root: FsRoot, dir: string, stdin: 'pipe' | number = 'pipe'): CpProcess {
  return start(root, ['--extract', dir], {stdin, stdout: 'ignore'});
}

/**
 * Producer → consumer through Node. When both fail, the producer's error explains it (the consumer only saw a
 * short stream); a consumer that fails makes the producer's write fail with EPIPE, so its error comes second.
 */
export async function pipeTar(producer: CpProcess, consumer: CpProcess): Promise<void> {
  const source = producer.child.stdout as Readable | null;
  const sink = consumer.child.stdin;
  if (!source || !sink) throw new IslanderError('internal', 'isle-cp pipes are missing');
  sink.on('error', () => undefined); // EPIPE when the consumer stops early: its own line explains why
  source.pipe(sink);
  const [produced, consumed] = await Promise.allSettled([producer.result, consumer.result]);
  if (consumed.status === 'rejected') {
    if (produced.status === 'rejected' && !isBrokenPipe(produced.reason)) throw produced.reason;
    throw consumed.reason;
  }
  if (produced.status === 'rejected') throw produced.reason;
}

function isBrokenPipe(error: unknown): boolean {
  return error instanceof CpToolError && error.errnoName === 'EPIPE';
}
