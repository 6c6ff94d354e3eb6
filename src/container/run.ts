import type {StorePaths} from '../paths.js';
import {attachStreams, parseDetachKeys, terminalSize, type AttachConnection, type AttachOutcome} from '../runtime/attach-client.js';
import {attachConnection, detachFromShim} from '../runtime/shim.js';
import {traceMark} from '../util/trace.js';
import {newRecord, storeRecord} from './create.js';
import {reconcile} from './reconcile.js';
import type {ContainerRecord} from './record.js';
import type {RunSpec} from './spec.js';
import {launchContainerShim, startContainer} from './start.js';
import {loadContainer} from './store.js';

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
  const record = newRecord(paths, spec);
  // The shim forks away and waits for `start` while we write the record, the bundle and the cgroup (launchShim).
  const shim = launchContainerShim(paths, record, {stdin: spec.interactive, detach: options.detach});
  try {
    await storeRecord(paths, spec, record);
  } catch (error) {
    shim.abandon();
    throw error;
  }
  traceMark('container record written');
  const started = await startContainer(paths, record, {
    shim,
    stdin: spec.interactive,
    consoleSize: spec.tty && !options.detach ? terminalSize() : undefined,
    detach: options.detach,
  });
  if (options.detach) {
    detachFromShim(started);
    return {record, attach: undefined};
  }
  const connection = attachConnection(started);
  const attach = await attachStreams(connection, started.pending, {
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
    if (record.hostConfig.restartPolicy.name === 'no') connection.destroy();
    else await closed(connection);
    // From disk, not our copy: rename, pause and others may have changed the record while it ran.
    await reconcile(paths, loadContainer(paths, record.id) ?? record);
  } else {
    connection.destroy();
  }
  return {record, attach};
}

function closed(connection: AttachConnection): Promise<void> {
  if (connection.closed) return Promise.resolve();
  return new Promise((resolve) => {
    connection.once('close', () => resolve());
    connection.resume();
  });
}
