import type {ChildProcess} from 'node:child_process';
import {createHash, type Hash} from 'node:crypto';
import {closeSync, createReadStream, openSync} from 'node:fs';
import {Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGunzip} from 'node:zlib';
import {IslanderError, isErrno} from '../errors.js';
import {libexecPath} from '../paths.js';
import {startProcess, waitForExit} from '../process/spawn.js';
import type {ArchiveFormat} from './compression.js';
import {extractorDied, parseErrorLine, unpackError} from './unpack-errors.js';

/**
 * The import pipeline: file → decompress → (sha256, isle-unpack's stdin).
 *
 * - plain tar: isle-unpack reads the file itself (its stdin is the file), while Node hashes the file in
 *   parallel from the page cache; no byte passes through Node on its way to the extractor.
 * - gzip: node:zlib in the thread pool, each chunk hashed and written to the extractor's pipe as is.
 * - zstd: `zstd -dc` reads the file; its output is hashed and piped on.
 * The id is the sha256 of the uncompressed stream, so the same tar imported plain or compressed gets one id.
 */
export interface UnpackResult {
  id: string;
  entries: number;
  bytes: number;
  skippedDevices: number;
  /** --layer: directories marked opaque ("" is the root), as isle-unpack reported them. */
  opaqueDirs: string[];
}

export type ProgressCallback = (uncompressedBytes: number) => void;

const CHUNK = 1024 * 1024;

interface Child {
  process: ChildProcess;
  exit: Promise<number>;
  stdout: () => string;
  stderr: () => string;
}

/** Starts a child; its stdout is collected as text unless `streamStdout`, when the caller pipes it onward. */
function start(file: string, args: string[], stdin: number | 'pipe', streamStdout = false): Child {
  const child = startProcess(file, args, {stdio: [stdin, 'pipe', 'pipe']});
  let stdout = '';
  let stderr = '';
  if (!streamStdout) child.stdout?.setEncoding('utf8').on('data', (text: string) => { stdout += text; });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => { stderr += text; });
  const exit = waitForExit(child);
  exit.catch(() => undefined); // observed below; avoid an unhandled rejection in between
  return {process: child, exit, stdout: () => stdout, stderr: () => stderr};
}

class HashTee extends Transform {
  readonly hash: Hash = createHash('sha256');
  total = 0;

  constructor(private readonly onProgress: ProgressCallback | undefined) {
    super({highWaterMark: CHUNK});
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.total += chunk.length;
    this.onProgress?.(this.total);
    done(null, chunk);
  }
}

/** `layer`: an image layer, whose OCI whiteouts become overlayfs whiteouts (isle-unpack --layer). */
export async function unpackArchive(file: string, format: ArchiveFormat, dest: string,
  onProgress?: ProgressCallback, options: {layer?: boolean} = {}): Promise<UnpackResult> {
  const binary = libexecPath('isle-unpack');
  const args = [...(options.layer ? ['--layer'] : []), '--dest', dest];
  const tee = new HashTee(onProgress);
  let extractor: Child;
  let feed: Promise<void>;
  let decompressor: Child | undefined;

  if (format === 'tar') {
    const fd = openSync(file, 'r');
    try {
      extractor = start(binary, args, fd);
    } finally {
      closeSync(fd);
    }
    feed = pipeline(createReadStream(file, {highWaterMark: CHUNK}), tee, async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) void chunk; // hashing happens in the tee
    });
  } else {
    extractor = start(binary, args, 'pipe');
    const stdin = extractor.process.stdin;
    if (!stdin) throw new IslanderError('internal', 'isle-unpack has no stdin pipe');
    if (format === 'gzip') {
      feed = pipeline(createReadStream(file, {highWaterMark: CHUNK}), createGunzip({chunkSize: 256 * 1024}), tee, stdin);
    } else {
      const fd = openSync(file, 'r');
      try {
        decompressor = start('zstd', ['-dcq'], fd, true);
      } finally {
        closeSync(fd);
      }
      const decompressed = decompressor.process.stdout;
      if (!decompressed) throw new IslanderError('internal', 'zstd has no stdout pipe');
      feed = pipeline(decompressed, tee, stdin);
    }
  }

  const [fed, exited, decompressed] = await Promise.allSettled([feed, extractor.exit, decompressor?.exit]);
  return finish(file, {fed, exited, decompressed}, extractor, decompressor, tee);
}

interface Outcomes {
  fed: PromiseSettledResult<void>;
  exited: PromiseSettledResult<number>;
  decompressed: PromiseSettledResult<number | undefined>;
}

/**
 * Picks the error that explains the failure: a decompression error caused by the input comes first, then the
 * extractor's own report; a broken pipe only means the other side stopped early.
 */
function finish(file: string, outcomes: Outcomes, extractor: Child, decompressor: Child | undefined,
  tee: HashTee): UnpackResult {
  if (outcomes.exited.status === 'rejected') throw spawnError(outcomes.exited.reason);
  if (outcomes.decompressed.status === 'rejected') throw spawnError(outcomes.decompressed.reason, 'zstd');
  const feedError = outcomes.fed.status === 'rejected' ? outcomes.fed.reason : undefined;
  if (isZlibError(feedError)) throw corrupt(file, 'gzip', feedError.message);
  const zstdFailed = decompressor !== undefined && outcomes.decompressed.value !== 0;
  const zstdDetail = decompressor?.stderr().trim().split('\n').pop() ?? '';
  if (zstdFailed && !/broken pipe|write error/i.test(zstdDetail) && outcomes.decompressed.value !== 141) {
    throw corrupt(file, 'zstd', zstdDetail);
  }
  const code = outcomes.exited.value;
  if (code !== 0) {
    const line = parseErrorLine(extractor.stderr());
    throw line ? unpackError(file, line) : extractorDied(code, extractor.stderr());
  }
  if (feedError !== undefined) throw feedError;
  if (zstdFailed) throw corrupt(file, 'zstd', zstdDetail);
  return {id: tee.hash.digest('hex'), ...parseSummary(extractor.stdout())};
}

function corrupt(file: string, format: string, detail: string): IslanderError {
  return new IslanderError('invalid-image', `cannot import '${file}': not a valid ${format} stream${detail ? ` (${detail})` : ''}`, {
    suggestion: 'the archive is corrupt or truncated; nothing was imported',
  });
}

function parseSummary(stdout: string): Omit<UnpackResult, 'id'> {
  const lines = stdout.trim().split('\n');
  const line = lines.pop() ?? '';
  const opaqueDirs = lines.map((text) => JSON.parse(text) as {type?: string; path?: string})
    .filter((message) => message.type === 'opaque' && typeof message.path === 'string').map((message) => message.path as string);
  const summary = JSON.parse(line) as {type?: string; entries?: number; bytes?: number; skippedDevices?: number};
  if (summary.type !== 'unpacked') throw new IslanderError('internal', `unexpected isle-unpack output: ${line}`);
  return {entries: summary.entries ?? 0, bytes: summary.bytes ?? 0, skippedDevices: summary.skippedDevices ?? 0, opaqueDirs};
}

/** zlib's errors carry codes like Z_DATA_ERROR and Z_BUF_ERROR ("unexpected end of file"). */
function isZlibError(error: unknown): error is Error {
  return isErrno(error) && String(error.code).startsWith('Z_');
}

function spawnError(error: unknown, program = 'isle-unpack'): IslanderError {
  if (isErrno(error, 'ENOENT')) {
    return new IslanderError('system', `cannot run ${program}: not found`, {
      suggestion: program === 'zstd' ? 'install zstd (`apt-get install zstd`)' : 'build the runtime with `make -C runtime-c`',
    });
  }
  return new IslanderError('system', `cannot run ${program}: ${error instanceof Error ? error.message : String(error)}`);
}
