import {constants} from 'node:os';
import {IslanderError} from '../errors.js';

/**
 * isle-unpack's one error line (PROTOCOL.md, "isle-unpack") turned into a sentence. Stage "archive" means the
 * input is malformed or hostile; stage "unpack" means a filesystem call failed, which is the host's problem
 * only for a few errnos (disk full, I/O error...) and otherwise the archive's (a link to nothing, a file where
 * a directory must be).
 */
export interface UnpackErrorLine {
  v: 1;
  type: 'error';
  stage: string;
  errno: number;
  message: string;
  entry?: string;
  /** --keep: the sha256 of all of stdin, read to its end after the failure. */
  inputSha256?: string;
}

const HOST_ERRNOS = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS', 'ENOMEM', 'EACCES', 'EMFILE', 'ENFILE']
  .map((name) => constants.errno[name as keyof typeof constants.errno]));

export function parseErrorLine(stderr: string): UnpackErrorLine | undefined {
  for (const line of stderr.split('\n').reverse()) {
    if (!line.startsWith('{')) continue;
    try {
      const parsed = JSON.parse(line) as Partial<UnpackErrorLine>;
      if (parsed.v === 1 && parsed.type === 'error' && typeof parsed.message === 'string') {
        return {v: 1, type: 'error', stage: String(parsed.stage), errno: Number(parsed.errno) || 0,
          message: parsed.message, entry: typeof parsed.entry === 'string' ? parsed.entry : undefined,
          inputSha256: typeof parsed.inputSha256 === 'string' ? parsed.inputSha256 : undefined};
      }
    } catch {
      // not a protocol line; keep looking
    }
  }
  return undefined;
}

export function unpackError(file: string, line: UnpackErrorLine): IslanderError {
  const where = line.entry !== undefined ? ` (entry '${line.entry}')` : '';
  if (line.stage === 'unpack' && HOST_ERRNOS.has(line.errno)) {
    return new IslanderError('system', `cannot import '${file}': ${line.message}${where}`, {
      suggestion: line.errno === constants.errno.ENOSPC || line.errno === constants.errno.EDQUOT
        ? 'free some disk space in the islander root' : 'check the islander root directory',
    });
  }
  if (line.stage === 'archive' || line.stage === 'unpack') {
    return new IslanderError('invalid-image', `cannot import '${file}': ${line.message}${where}`, {
      suggestion: 'the archive is corrupt or unsafe; nothing was imported',
    });
  }
  return new IslanderError('internal', `isle-unpack failed: ${line.message}`);
}

export function extractorDied(exitCode: number, stderr: string): IslanderError {
  const detail = stderr.trim().split('\n').pop() ?? '';
  const how = exitCode > 128 ? `was killed by signal ${exitCode - 128}` : `exited with status ${exitCode}`;
  return new IslanderError('system', `the image extractor ${how}${detail ? `: ${detail}` : ''}`, {
    suggestion: 'nothing was imported; try again',
  });
}
