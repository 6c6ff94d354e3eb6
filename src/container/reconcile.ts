import {existsSync} from 'node:fs';
import {cgroupDriver} from '../cgroups/index.js';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {exitCodeOf, readExitRecord, readShimState} from '../runtime/shim-files.js';
import {isSameProcessAlive} from './liveness.js';
import {isActive, type ContainerRecord, type ContainerState} from './record.js';
import {containerDirs, deleteContainer, resolveContainer, saveContainer} from './store.js';

/**
 * Makes a record agree with reality — the shim's files and whether the shim still lives — so nothing stays
 * "running" forever: a container whose shim wrote exit.json becomes exited with its code and OOM flag; one whose
 * shim died without a word becomes exited with that reason; an interrupted removal is finished; an exited
 * container with --rm is removed. Returns the record, or undefined if it is gone.
 */
export async function reconcile(paths: StorePaths, record: ContainerRecord): Promise<ContainerRecord | undefined> {
  const dirs = containerDirs(paths, record.id);
  if (record.state.status === 'removing') {
    await cgroupDriver().open(record.id)?.remove();
    deleteContainer(paths, record);
    return undefined;
  }
  const observed = observe(paths, record);
  if (!observed) return record;
  const wasActive = isActive(record.state.status);
  Object.assign(record.state, observed);
  if (!isActive(record.state.status) && wasActive) {
    // The shim is gone: nothing will restart the container, so its group can go.
    await cgroupDriver().open(record.id)?.remove();
    if (record.hostConfig.autoRemove) {
      deleteContainer(paths, record);
      return undefined;
    }
  }
  if (existsSync(dirs.record)) saveContainer(paths, record);
  return record;
}

/** What the shim's files say, or undefined when they add nothing to the record. */
function observe(paths: StorePaths, record: ContainerRecord): Partial<ContainerState> | undefined {
  const dirs = containerDirs(paths, record.id);
  const state = record.state;
  const shim = readShimState(dirs.shimState);
  if (shim && isSameProcessAlive(shim.shimPid, shim.shimStartTime) && shim.status !== 'exited') {
    const status = shim.status === 'restarting' ? 'restarting' : state.status === 'paused' ? 'paused' : 'running';
    if (status === state.status && shim.pid === state.pid && shim.restartCount === state.restartCount) return undefined;
    return {status, pid: shim.pid, shimPid: shim.shimPid, shimStartTime: shim.shimStartTime, startedAt: shim.startedAt, restartCount: shim.restartCount};
  }
  const exit = readExitRecord(dirs.exitFile);
  if (exit && (isActive(state.status) || state.finishedAt !== exit.finishedAt)) {
    return {status: 'exited', pid: 0, shimPid: 0, shimStartTime: 0, exitCode: exitCodeOf(exit), oomKilled: exit.oomKilled, finishedAt: exit.finishedAt, restartCount: exit.restartCount};
  }
  if (isActive(state.status) && !exit) {
    // `run` records the container as running when the shim reports its clone (PROTOCOL.md, `spawned`), a moment
    // before the shim writes shim.json: the recorded shim, alive, is starting it.
    if (isSameProcessAlive(state.shimPid, state.shimStartTime)) return undefined;
    return {status: 'exited', pid: 0, shimPid: 0, shimStartTime: 0, exitCode: 255, error: 'its shim died, so the exit code is unknown', finishedAt: new Date().toISOString()};
  }
  return undefined;
}

/** Resolves a container and brings its record up to date; throws when it is gone. */
export async function currentContainer(paths: StorePaths, ref: string): Promise<ContainerRecord> {
  const found = resolveContainer(paths, ref);
  const record = await reconcile(paths, found);
  if (!record) throw new IslanderError('not-found', `no such container '${ref}'`, {suggestion: "see 'islander ps -a'"});
  return record;
}
