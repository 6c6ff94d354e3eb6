import {setTimeout as sleep} from 'node:timers/promises';
import {cgroupDriver} from '../cgroups/index.js';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {isSameProcessAlive} from './liveness.js';
import {reconcile} from './reconcile.js';
import {deleteContainer, resolveContainer, saveContainer, transition} from './store.js';

const STOP_WAIT_MS = 10_000;

/** `islander rm [-f]`: a running container is refused unless forced, then killed, unmounted and deleted. */
export async function removeContainer(paths: StorePaths, ref: string, options: {force: boolean}): Promise<string> {
  const found = resolveContainer(paths, ref);
  const record = await reconcile(paths, found);
  if (!record) return found.id;
  const {state} = record;
  const alive = state.status === 'running' && isSameProcessAlive(state.monitorPid, state.monitorStartTime);
  if (alive || state.status === 'created') {
    if (!options.force) {
      throw new IslanderError('conflict', `container '${record.name}' is ${state.status === 'running' ? 'running' : 'starting'}`, {
        suggestion: `stop it first, or remove it anyway with 'islander rm -f ${record.name}'`,
      });
    }
    // While the monitor lives it has not reaped PID 1, so the recorded pid cannot have been reused.
    if (alive && state.pid > 0) killIgnoringGone(state.pid);
    await waitForExit(state.monitorPid, state.monitorStartTime);
  }
  transition(record, 'removing');
  saveContainer(paths, record);
  await cgroupDriver().open(record.id)?.remove();
  deleteContainer(paths, record);
  return record.id;
}

function killIgnoringGone(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function waitForExit(pid: number, startTime: number): Promise<void> {
  const deadline = Date.now() + STOP_WAIT_MS;
  while (isSameProcessAlive(pid, startTime)) {
    if (Date.now() > deadline) {
      throw new IslanderError('system', `the container's monitor (pid ${pid}) did not exit within ${STOP_WAIT_MS / 1000}s`, {suggestion: 'try again'});
    }
    await sleep(20);
  }
}
