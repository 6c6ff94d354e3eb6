import {createRequire} from 'node:module';
import {IslanderError, isIslanderError, usageError} from '../errors.js';
import {resolveImage, type ImageRecord} from '../image/index.js';
import {cliCommand, type StorePaths} from '../paths.js';
import {parseRemoteReference} from './reference.js';

/** Docker's `run --pull`: missing (the default: pull only what is not here), always, never. */
export type PullPolicy = 'missing' | 'always' | 'never';

export function parsePullPolicy(value: string | undefined): PullPolicy {
  if (value === undefined) return 'missing';
  if (value === 'missing' || value === 'always' || value === 'never') return value;
  throw usageError(`invalid --pull '${value}': use missing, always or never`);
}

/**
 * The image `run` and `create` use, pulled first as Docker does: by default only when the store has no image of
 * that name ("Unable to find image ... locally" on stderr). The pull is `islander pull` as a child with our
 * stderr, so it shows its own progress and its own one-line error, and `run` of an image already here loads
 * none of the registry code (about 5 ms of start-up).
 */
export async function imageForRun(paths: StorePaths, ref: string, policy: PullPolicy): Promise<ImageRecord> {
  if (policy !== 'always') {
    try {
      return resolveImage(paths, ref);
    } catch (error) {
      if (policy === 'never' || !isIslanderError(error) || error.code !== 'not-found' || !pullable(ref)) throw error;
    }
    process.stderr.write(`Unable to find image '${ref}' locally\n`);
  }
  const exitCode = await pullInChild(paths, ref);
  if (exitCode !== 0) {
    throw new IslanderError('not-found', `pulling '${ref}' failed (exit ${exitCode})`, {reported: exitCode === 125});
  }
  return resolveImage(paths, ref);
}

function pullInChild(paths: StorePaths, ref: string): Promise<number> {
  const {spawn} = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const [command, ...args] = cliCommand(paths, ['pull', ref]);
  return new Promise((resolve, reject) => {
    const child = spawn(command!, args, {stdio: ['ignore', 'ignore', 'inherit']});
    child.once('error', reject);
    child.once('close', (code) => resolve(code ?? 125));
  });
}

function pullable(ref: string): boolean {
  try {
    parseRemoteReference(ref);
    return true;
  } catch {
    return false;
  }
}
