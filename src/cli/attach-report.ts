import {describeMemory} from '../container/resources.js';
import type {AttachOutcome} from '../runtime/attach-client.js';

const SIGPIPE = 13;

/** Shared by run, start -a and attach: the exit code to return and the one line to say about it. */
export function reportAttachOutcome(name: string, outcome: AttachOutcome, memoryLimit?: number): number {
  if (outcome.kind === 'detached') {
    process.stderr.write(`\nislander: detached from ${name}; it keeps running (islander attach ${name})\n`);
    return 0;
  }
  if (outcome.kind === 'output-closed') return 128 + SIGPIPE;
  if (outcome.kind === 'output-failed') {
    const after = outcome.exited ? '' : `; it was left to run on its own, see 'islander ps -a'`;
    process.stderr.write(`islander: could not write the output of container ${name} (${outcome.code})${after}\n`);
    return 125;
  }
  if (outcome.kind === 'disconnected') {
    process.stderr.write(`islander: lost the connection to container ${name}; see 'islander ps -a'\n`);
    return 125;
  }
  if (outcome.oomKilled) {
    const what = memoryLimit ? `its ${describeMemory(memoryLimit)} memory limit was reached` : 'the host ran out of memory';
    process.stderr.write(`islander: container ${name} was OOM-killed: ${what}\n`);
  }
  return outcome.exitCode;
}

