import {IslanderError, isIslanderError} from '../errors.js';
import {storePaths, type StorePaths} from '../paths.js';
import {HANDLERS} from './handlers/index.js';
import {MOUNT_WORD_FORMS} from './mount-words.js';
import {parseArgv, type CommandSpec, type ParsedArgv} from './parse.js';
import {traceMark} from '../util/trace.js';

/** What every command handler gets besides its parsed flags. */
export interface CliContext {
  paths: StorePaths;
  debug: boolean;
}

/**
 * A command's body: it reads parsed flags, calls one library function, prints, and returns the exit code.
 * Handlers never import oclif, so the fast path and oclif's `run()` share them.
 */
export type Handler = (parsed: ParsedArgv, context: CliContext) => Promise<number | void>;

export async function dispatch(spec: CommandSpec, tokens: readonly string[]): Promise<number> {
  const parsed = parseArgv(spec, tokens, MOUNT_WORD_FORMS);
  const load = HANDLERS[spec.id];
  if (!load) throw new IslanderError('internal', `command '${spec.id}' has no handler`);
  const {handler} = await load();
  traceMark(`handler ${spec.id} loaded`);
  const context: CliContext = {
    paths: storePaths(parsed.flags.root as string | undefined, parsed.flags.runroot as string | undefined),
    debug: parsed.flags.debug === true,
  };
  return (await handler(parsed, context)) ?? 0;
}

/** Prints one line for the user (the stack only with --debug) and returns the exit code. */
export function reportError(error: unknown, debug: boolean): number {
  if (isIslanderError(error)) {
    if (!error.reported) process.stderr.write(`islander: ${error.oneLine()}\n`);
    if (debug) process.stderr.write(`${error.stack}\n${error.cause instanceof Error ? error.cause.stack : ''}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`islander: unexpected error: ${message}; run again with --debug and report it\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return 125;
}
