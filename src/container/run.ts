import type {Socket} from 'node:net';
import {isIslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {attachStreams, parseDetachKeys, terminalSize, type AttachOutcome} from '../runtime/attach-client.js';
import {traceMark} from '../util/trace.js';
import {createFromSpec} from './create.js';
import {reconcile} from './reconcile.js';
import type {ContainerRecord} from './record.js';
import type {RunSpec} from './spec.js';
import {startContainer} from './start.js';
import {deleteContainer, loadContainer, saveContainer, transition} from './store.js';

export interface RunOutcome {
  record: ContainerRecord;
  /** How the foreground session ended; undefined for -d. */
  attach: AttachOutcome | undefined;
}

/**
 * `islander run`: create the container, start it under its shim, and — unless detached — stay attached to its
 * stdio until it exits (or the user detaches). With --rm the container is removed once its shim is done.
 */
export async function runContainer(paths: StorePaths, spec: RunSpec, options: {detach: boolean; detachKeys: string}): Promise<RunOutcome> {
  const detachKeys = parseDetachKeys(options.detachKeys);
  const record = await createFromSpec(paths, spec);
  traceMark('container record written');
  let started;
  try {
    started = await startContainer(paths, record, {stdin: spec.interactive, consoleSize: spec.tty && !options.detach ? terminalSize() : undefined});
  } catch (error) {
    recordStartFailure(paths, record, error);
    throw error;
  }
  if (options.detach) {
    started.connection.destroy();
    return {record, attach: undefined};
  }
  const attach = await attachStreams(started.connection, started.pending, {
    stdin: spec.interactive,
    tty: spec.tty,
    detachKeys,
    signalPid: () => record.state.pid,
    sendInitialSize: false,
  });
  traceMark('exited');
  if (attach.kind === 'exit') {
    // Without a restart policy the exit frame was the shim's last word: exit.json and shim.json were final before
    // it went out (PROTOCOL.md). With one, a "restarting" may follow, and the shim has written it by the time it
    // closes the connection. Then reconcile records the exit, removes the cgroup, and the container with --rm.
    if (record.hostConfig.restartPolicy.name === 'no') started.connection.destroy();
    else await closed(started.connection);
    // From disk, not our copy: rename, pause and others may have changed the record while it ran.
    await reconcile(paths, loadContainer(paths, record.id) ?? record);
  } else {
    started.connection.destroy();
  }
  return {record, attach};
}

function closed(connection: Socket): Promise<void> {
  if (connection.closed) return Promise.resolve();
  return new Promise((resolve) => {
    connection.once('close', () => resolve());
    connection.resume();
  });
}

/** A start that failed leaves an exited container with the reason (or nothing, with --rm), like Docker. */
function recordStartFailure(paths: StorePaths, record: ContainerRecord, error: unknown): void {
  transition(record, 'exited');
  Object.assign(record.state, {
    exitCode: isIslanderError(error) ? error.exitCode : 125,
    error: error instanceof Error ? error.message : String(error),
    finishedAt: new Date().toISOString(),
  });
  if (record.hostConfig.autoRemove) deleteContainer(paths, record);
  else saveContainer(paths, record);
}
