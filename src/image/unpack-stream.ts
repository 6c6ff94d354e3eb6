import type {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {IslanderError, isErrno} from '../errors.js';
import {libexecPath} from '../paths.js';
import {blobMismatch} from './blob-mismatch.js';
import {digestHex} from './digest.js';
import {parseSummary, spawnError, start, type KeptInput, type UnpackResult} from './extractor.js';
import {extractorDied, parseErrorLine, unpackError} from './unpack-errors.js';

/**
 * A layer straight from its download: the response body is isle-unpack's stdin, and isle-unpack keeps it as the
 * blob and hashes it (--keep), inflates it (--gunzip), hashes the tar (--hash, the diff id) and extracts it, in
 * one pass in C (PROTOCOL.md, "isle-unpack"): no byte is written and read back, and Node only moves the download.
 */
export interface StreamedLayer extends UnpackResult {
  input: KeptInput;
}

/** The blob as its descriptor names it: the stream is cut off past `size`, so no source can fill the disk. */
export interface BlobDescriptor {
  digest: string;
  size: number;
}

/**
 * Unpacks a layer (gzip or plain tar) from `source` into `dest`, writing the bytes as read to `keep` (which must
 * not exist); `onBytes` sees each chunk's length as it passes, for progress. A blob whose bytes do not hash to
 * its digest fails with the store's blobMismatch error, even when it is no archive at all: only the right
 * blob's archive errors are reported as such.
 */
export async function unpackLayerStream(source: Readable, dest: string, keep: string, blob: BlobDescriptor,
  onBytes?: (bytes: number) => void): Promise<StreamedLayer> {
  const blobDigest = blob.digest;
  const blobHex = digestHex(blobDigest);
  const what = `layer ${blobDigest.slice(0, 19)}`;
  const extractor = start(libexecPath('isle-unpack'), ['--layer', '--gunzip', '--hash', '--keep', keep, '--dest', dest], 'pipe');
  const stdin = extractor.process.stdin;
  if (!stdin) throw new IslanderError('internal', 'isle-unpack has no stdin pipe');
  const fed = pipeline(source, stdin);
  // Only after the pipe is attached: a 'data' listener alone would start the flow and drop what it saw.
  let received = 0;
  source.on('data', (chunk: Buffer) => {
    received += chunk.length;
    onBytes?.(chunk.length);
    if (received > blob.size) {
      source.destroy(new IslanderError('invalid-image', `${what} is larger than the ${blob.size} bytes its descriptor says`, {
        suggestion: 'the registry sent other content; nothing was stored',
      }));
    }
  });
  const [fedOutcome, exited] = await Promise.allSettled([fed, extractor.exit]);
  if (exited.status === 'rejected') throw spawnError(exited.reason);
  // A failed download explains everything after it (a truncated stream, a wrong digest).
  if (fedOutcome.status === 'rejected' && !isErrno(fedOutcome.reason, 'EPIPE')) throw fedOutcome.reason;
  if (exited.value !== 0) {
    const line = parseErrorLine(extractor.stderr());
    if (line?.inputSha256 !== undefined && line.inputSha256 !== blobHex) throw blobMismatch(blobDigest, line.inputSha256);
    throw line ? unpackError(what, line) : extractorDied(exited.value, extractor.stderr());
  }
  const summary = parseSummary(extractor.stdout());
  if (!summary.input || summary.tarSha256 === undefined) throw new IslanderError('internal', 'isle-unpack did not report its digests');
  if (summary.input.sha256 !== blobHex) throw blobMismatch(blobDigest, summary.input.sha256);
  const {tarSha256, input, ...counts} = summary;
  return {id: tarSha256, input, ...counts};
}
