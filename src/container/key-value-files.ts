import {readFileSync} from 'node:fs';
import {isErrno, usageError} from '../errors.js';

/**
 * Docker's --env-file and --label-file: one KEY=VALUE (or, for env, a bare KEY to copy from the caller) per line;
 * blank lines and lines starting with # are skipped, leading whitespace is dropped, and the value is taken as
 * written (no quotes are removed). The entries come back in order, to go before the -e or -l flags.
 */
export function readKeyValueFiles(files: readonly string[], flag: '--env-file' | '--label-file'): string[] {
  return files.flatMap((file) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      const why = isErrno(error, 'ENOENT') ? 'no such file' : isErrno(error, 'EISDIR') ? 'it is a directory' : (error as Error).message;
      throw usageError(`cannot read ${flag} '${file}': ${why}`);
    }
    return text.split(/\r?\n/).map((line) => line.replace(/^\s+/, '')).filter((line) => line !== '' && !line.startsWith('#'));
  });
}

/** -l/--label KEY=VALUE (or a bare KEY, an empty value, as Docker) over the image's labels, in order. */
export function mergeLabels(imageLabels: Readonly<Record<string, string>> | undefined, flags: readonly string[]): Record<string, string> {
  const labels: Record<string, string> = {...imageLabels};
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq === -1 ? flag : flag.slice(0, eq);
    if (key.trim() === '' || flag.includes('\0')) throw usageError(`invalid label '${flag}': use KEY=VALUE`);
    labels[key] = eq === -1 ? '' : flag.slice(eq + 1);
  }
  return labels;
}
