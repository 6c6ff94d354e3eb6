import {closeSync, openSync, readSync} from 'node:fs';
import {IslanderError, isErrno} from '../errors.js';

export type ArchiveFormat = 'gzip' | 'zstd' | 'tar';

/** What the first bytes of a file say it is; never the file name, which can lie. */
export function detectFormat(file: string): ArchiveFormat {
  const head = readHead(file, 512);
  if (head.length === 0) throw invalid(file, 'the file is empty');
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.readUInt32BE(0) === 0x28b52ffd) return 'zstd';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  // An empty layer (a layer of metadata-only steps) is just the two zero blocks of the end marker.
  if (head.length === 512 && head.every((byte) => byte === 0)) return 'tar';
  if (head.toString('latin1', 0, 6) === '\xfd7zXZ\0') throw unsupported(file, 'xz', 'xz -d');
  if (head.toString('latin1', 0, 3) === 'BZh') throw unsupported(file, 'bzip2', 'bzip2 -d');
  throw invalid(file, 'it is not a tar archive (expected a plain, gzip or zstd tarball)');
}

function readHead(file: string, length: number): Buffer {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      throw new IslanderError('not-found', `no such file '${file}'`, {suggestion: 'check the path of the tarball'});
    }
    if (isErrno(error, 'EISDIR')) throw invalid(file, 'it is a directory');
    throw error;
  }
  try {
    const head = Buffer.alloc(length);
    const got = readSync(fd, head, 0, length, 0);
    return head.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function invalid(file: string, why: string): IslanderError {
  return new IslanderError('invalid-image', `cannot import '${file}': ${why}`, {
    suggestion: 'import a filesystem tarball such as the output of `docker export`',
  });
}

function unsupported(file: string, format: string, command: string): IslanderError {
  return new IslanderError('invalid-image', `cannot import '${file}': ${format} compression is not supported`, {
    suggestion: `decompress it first (\`${command}\`) or use gzip or zstd`,
  });
}
