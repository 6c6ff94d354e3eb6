import {startContainer} from '../../container/start.js';
import {currentContainer} from '../../container/reconcile.js';
import {attachStreams, DEFAULT_DETACH_KEYS, parseDetachKeys, terminalSize} from '../../runtime/attach-client.js';
import {attachConnection, detachFromShim} from '../../runtime/shim.js';
import {reportAttachOutcome} from '../attach-report.js';
import type {Handler} from '../dispatch.js';
import {usageError} from '../../errors.js';
import {optionalString} from './flags.js';
import {forEachContainer} from '../each.js';

/** `start -a` attaches to one container and returns its exit code; without -a, each container is started. */
const start: Handler = async ({argv, flags}, {paths}) => {
  if (flags.attach === true) {
    if (argv.length > 1) throw usageError('start -a attaches to one container; name only one');
    const detachKeys = parseDetachKeys(optionalString(flags['detach-keys']) ?? DEFAULT_DETACH_KEYS);
    const record = await currentContainer(paths, argv[0]!);
    const stdin = flags.interactive === true && record.config.openStdin;
    const started = await startContainer(paths, record, {stdin, consoleSize: record.config.tty ? terminalSize() : undefined, detach: false});
    const outcome = await attachStreams(attachConnection(started), started.pending, {stdin, tty: record.config.tty, detachKeys, signalPid: () => record.state.pid, sendInitialSize: false});
    return reportAttachOutcome(record.name, outcome, record.hostConfig.resources.memory?.limit);
  }
  return forEachContainer(argv, async (ref) => {
    const record = await currentContainer(paths, ref);
    const started = await startContainer(paths, record, {stdin: false, detach: true});
    detachFromShim(started);
    return ref;
  });
};

export {start as handler};
