import {writeFileSync} from 'node:fs';
import {sleep} from '../util/sleep.js';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {isSameProcessAlive} from './liveness.js';
import {resumeAfterSignal} from './pause.js';
import {currentContainer, reconcile} from './reconcile.js';
import {isActive, type ContainerRecord} from './record.js';
import {DEFAULT_STOP_TIMEOUT} from './spec.js';
import {containerDirs} from './store.js';

/**
 * `islander stop`: mark the stop as the user's (so no restart policy brings the container back), send the stop
 * signal (the container's --stop-signal, SIGTERM by default), wait up to `timeoutSeconds` (its --stop-timeout,
 * 10 by default) for the shim to record the exit, then SIGKILL. Stopping a stopped container is a no-op, as in
 * Docker.
 */
export async function stopContainer(paths: StorePaths, ref: string, options: {timeoutSeconds?: number; signal?: NodeJS.Signals}): Promise<ContainerRecord> {
  const record = await currentContainer(paths, ref);
  if (!isActive(record.state.status)) return record;
  requestStop(paths, record);
  signalContainer(record, options.signal ?? record.config.stopSignal ?? 'SIGTERM');
  await resumeAfterSignal(paths, record);
  if (!(await waitForShimExit(record, (options.timeoutSeconds ?? record.config.stopTimeout ?? DEFAULT_STOP_TIMEOUT) * 1000))) {
    signalContainer(record, 'SIGKILL');
    if (!(await waitForShimExit(record, 10_000))) {
      throw new IslanderError('system', `container '${record.name}' did not stop after SIGKILL`, {suggestion: 'check `islander top` for processes stuck in the kernel (D state)'});
    }
  }
  return (await reconcile(paths, record)) ?? record;
}

/** `islander kill`: one signal, no waiting; a manual kill also stops restarts, as in Docker. */
export async function killContainer(paths: StorePaths, ref: string, signal: NodeJS.Signals): Promise<ContainerRecord> {
  const record = await currentContainer(paths, ref);
  if (!isActive(record.state.status)) {
    throw new IslanderError('conflict', `container '${record.name}' is not running`);
  }
  requestStop(paths, record);
  signalContainer(record, signal);
  // Other signals stay pending in a paused container until it is unpaused.
  if (signal === 'SIGKILL') await resumeAfterSignal(paths, record);
  return record;
}

function requestStop(paths: StorePaths, record: ContainerRecord): void {
  writeFileSync(containerDirs(paths, record.id).stopRequested, '');
}

function signalContainer(record: ContainerRecord, signal: NodeJS.Signals): void {
  // While the shim lives it has not reaped PID 1, so the recorded pid cannot belong to anyone else.
  if (record.state.pid <= 0 || !isSameProcessAlive(record.state.shimPid, record.state.shimStartTime)) return;
  try {
    process.kill(record.state.pid, signal);
  } catch {
    // Already gone: the shim is recording the exit.
  }
}

export async function waitForShimExit(record: ContainerRecord, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isSameProcessAlive(record.state.shimPid, record.state.shimStartTime)) {
    if (Date.now() >= deadline) return false;
    await sleep(10);
  }
  return true;
}
