import {createHash, type Hash} from 'node:crypto';
import {closeSync, createReadStream, openSync} from 'node:fs';
import {Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGunzip} from 'node:zlib';
import {IslanderError, isErrno} from '../errors.js';
import {libexecPath} from '../paths.js';
import type {ArchiveFormat} from './compression.js';
import {parseSummary, spawnError, start, type Child, type UnpackResult} from './extractor.js';
import {extractorDied, parseErrorLine, unpackError} from './unpack-errors.js';

/**
 * The import pipeline: file → decompress → (sha256, isle-unpack's stdin).
 *
 * - plain tar: isle-unpack reads the file itself (its stdin is the file), while Node hashes the file in
 *   parallel from the page cache; no byte passes through Node on its way to the extractor.
 * - gzip: node:zlib in the thread pool, each chunk hashed and written to the extractor's pipe as is.
 * - zstd: `zstd -dc` reads the file; its output is hashed and piped on.
 * The id is the sha256 of the uncompressed stream, so the same tar imported plain or compressed gets one id.
 * A layer being downloaded takes another way, through isle-unpack's own stages (unpack-stream.ts).
 */
export type {UnpackResult} from './extractor.js';

export type ProgressCallback = (uncompressedBytes: number) => void;

const CHUNK = 1024 * 1024;

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
  const {tarSha256: _unused, input: _none, ...counts} = parseSummary(extractor.stdout());
  return {id: tee.hash.digest('hex'), ...counts};
}

function corrupt(file: string, format: string, detail: string): IslanderError {
  return new IslanderError('invalid-image', `cannot import '${file}': not a valid ${format} stream${detail ? ` (${detail})` : ''}`, {
    suggestion: 'the archive is corrupt or truncated; nothing was imported',
  });
}

/** zlib's errors carry codes like Z_DATA_ERROR and Z_BUF_ERROR ("unexpected end of file"). */
function isZlibError(error: unknown): error is Error {
  return isErrno(error) && String(error.code).startsWith('Z_');
}
