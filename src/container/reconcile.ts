import {cgroupDriver} from '../cgroups/index.js';
import type {StorePaths} from '../paths.js';
import {isSameProcessAlive} from './liveness.js';
import type {ContainerRecord} from './record.js';
import {containerDirs, deleteContainer, saveContainer, transition} from './store.js';
import {existsSync} from 'node:fs';

/**
 * Makes a record agree with reality, so nothing stays "running" forever: a running container whose monitor died,
 * or a created one whose starting command was killed, becomes exited with a clear reason and loses its cgroup;
 * a removal that was interrupted is finished. Returns the record, or undefined if it is gone.
 */
export async function reconcile(paths: StorePaths, record: ContainerRecord): Promise<ContainerRecord | undefined> {
  const state = record.state;
  if (state.status === 'removing') {
    await cgroupDriver().open(record.id)?.remove();
    deleteContainer(paths, record);
    return undefined;
  }
  let reason = '';
  if (state.status === 'running' && !isSameProcessAlive(state.monitorPid, state.monitorStartTime)) {
    reason = 'its monitor process died, so the exit code is unknown';
  } else if (state.status === 'created' && !isSameProcessAlive(state.ownerPid, state.ownerStartTime)) {
    reason = 'the command that was starting it was killed before the container ran';
  }
  if (!reason) return record;
  await cgroupDriver().open(record.id)?.remove();
  if (!existsSync(containerDirs(paths, record.id).record)) return undefined;
  transition(record, 'exited');
  Object.assign(state, {exitCode: 255, pid: 0, error: reason, finishedAt: state.finishedAt || new Date().toISOString()});
  if (record.hostConfig.autoRemove) {
    deleteContainer(paths, record);
    return undefined;
  }
  saveContainer(paths, record);
  return record;
}
