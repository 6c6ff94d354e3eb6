import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import type {Writable} from 'node:stream';
import {IslanderError} from '../errors.js';
import {packageRoot} from '../paths.js';
import {dispatch, reportError} from './dispatch.js';
import {outputWriteError} from './output.js';
import type {CommandSpec} from './parse.js';
import {traceMark} from '../util/trace.js';

/**
 * The `islander` entry point. Known commands are parsed and run straight from oclif's manifest, without loading
 * oclif itself (~80 ms of start-up that `islander run` cannot afford); help, version and topic listings go to
 * oclif, which renders them from the same manifest and command classes.
 */
interface ManifestCommand extends CommandSpec {
  aliases?: string[];
}

interface Manifest {
  commands: Record<string, ManifestCommand>;
}

export async function main(rawArgv: string[]): Promise<void> {
  traceMark('main');
  const touched = watchStdio();
  const {globals, rest: argv} = splitLeadingGlobalFlags(rawArgv);
  const debug = globals.includes('--debug') || argv.includes('--debug');
  try {
    // The manifest's flags and args without help texts (scripts/manifest.mjs); oclif renders help from the full one.
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'dist', 'cli', 'commands.json'), 'utf8')) as Manifest;
    const found = findCommand(manifest, argv);
    if (!found || wantsHelp(found.spec, argv.slice(found.consumed)) || process.env.ISLANDER_OCLIF === '1') {
      if (!found && argv.length > 0 && !argv[0]!.startsWith('-') && !isTopic(manifest, argv[0]!)) {
        throw new IslanderError('usage', `unknown command '${argv[0]}'`, {suggestion: "see 'islander --help'"});
      }
      await runOclif([...argv, ...globals]);
      return;
    }
    traceMark('manifest read');
    process.exitCode = await dispatch(found.spec, [...globals, ...argv.slice(found.consumed)]);
  } catch (error) {
    process.exitCode = reportError(error, debug);
  }
  const failure = stdioFailure(touched);
  // Said unless the command failed already (run says it in its own words).
  if (failure && !process.exitCode) process.exitCode = reportError(outputWriteError(failure), debug);
  exitOnceWritten(touched);
}

type StdioName = 'stdout' | 'stderr';

/**
 * Ends the process as soon as the command is done: Node's own exit frees its heap page by page first, milliseconds
 * that `run` cannot spare. Only when stdout and stderr hold nothing unwritten (a pipe to a slow reader may): then
 * Node's own exit, which waits for them, is left to happen. Commands await their own work before they return.
 */
function exitOnceWritten(touched: ReadonlySet<StdioName>): void {
  if ([...touched].every((name) => process[name].writableLength === 0)) process.exit();
}

/**
 * Which of process.stdout and process.stderr the command created. Node creates them on first use, which loads
 * their stream machinery (~1 ms): exitOnceWritten must not be the first to ask. Where Node's getter cannot be
 * wrapped, the stream counts as touched.
 */
function watchStdio(): Set<StdioName> {
  const touched = new Set<StdioName>();
  for (const name of ['stdout', 'stderr'] as const) {
    const original = Object.getOwnPropertyDescriptor(process, name);
    const get = original?.get;
    if (!get || original.configurable !== true) {
      touched.add(name);
      continue;
    }
    Object.defineProperty(process, name, {
      ...original,
      get() {
        const stream = get.call(process) as NodeJS.WriteStream;
        if (!touched.has(name)) {
          touched.add(name);
          // Kept for stdioFailure (Node clears the stream's `errored` once the event is out); and without a
          // listener, the event would end the CLI with Node's stack trace.
          stream.on('error', (error: NodeJS.ErrnoException) => failedWrites.push(error));
        }
        return stream;
      },
    });
  }
  return touched;
}

/** Failed writes to stdout or stderr whose 'error' event came (watchStdio). */
const failedWrites: NodeJS.ErrnoException[] = [];

/**
 * The first failed write to stdout or stderr other than EPIPE (a reader gone away, which is no error of ours):
 * one whose event came, or one still marked on its stream, its event due on the next tick.
 */
function stdioFailure(touched: ReadonlySet<StdioName>): NodeJS.ErrnoException | undefined {
  const marked = [...touched].map((name) => (process[name] as unknown as Writable).errored as NodeJS.ErrnoException | null);
  return [...failedWrites, ...marked].find((error) => error != null && error.code !== 'EPIPE') ?? undefined;
}

/**
 * Docker puts global flags before the command (`islander --root /tmp/x run ...`). They are base flags of every
 * command, so they are split off here and handed to the command's parser ahead of its own tokens.
 */
function splitLeadingGlobalFlags(argv: string[]): {globals: string[]; rest: string[]} {
  const globals: string[] = [];
  let index = 0;
  while (index < argv.length) {
    const token = argv[index]!;
    if (token === '--debug' || token.startsWith('--root=') || token.startsWith('--runroot=')) {
      globals.push(token);
      index += 1;
    } else if ((token === '--root' || token === '--runroot') && index + 1 < argv.length) {
      globals.push(token, argv[index + 1]!);
      index += 2;
    } else {
      break;
    }
  }
  return {globals, rest: argv.slice(index)};
}

function findCommand(manifest: Manifest, argv: string[]): {spec: ManifestCommand; consumed: number} | undefined {
  const byName = new Map<string, ManifestCommand>();
  for (const command of Object.values(manifest.commands)) {
    byName.set(command.id, command);
    for (const alias of command.aliases ?? []) byName.set(alias, command);
  }
  // Topics nest with a space ("image import" is the command "image:import"); the longest match wins.
  for (let length = Math.min(argv.length, 3); length > 0; length--) {
    const words = argv.slice(0, length);
    if (words.some((word) => word.startsWith('-'))) continue;
    const command = byName.get(words.join(':'));
    if (command) return {spec: command, consumed: length};
  }
  return undefined;
}

function isTopic(manifest: Manifest, word: string): boolean {
  return Object.keys(manifest.commands).some((id) => id.startsWith(`${word}:`));
}

/** `--help` asks for help only where it would be a flag: not inside the container's command line. */
function wantsHelp(spec: CommandSpec, rest: string[]): boolean {
  for (const token of rest) {
    if (token === '--help') return true;
    if (token === '--') return false;
    if (spec.stopAtFirstArg && !token.startsWith('-')) return false;
  }
  return false;
}

async function runOclif(argv: string[]): Promise<void> {
  const {execute} = await import('@oclif/core');
  await execute({dir: join(packageRoot, 'package.json'), args: argv});
}
