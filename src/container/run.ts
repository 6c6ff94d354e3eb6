import {existsSync} from 'node:fs';
import {cgroupDriver, type CgroupHandle} from '../cgroups/index.js';
import {isIslanderError} from '../errors.js';
import {imageRootfs} from '../image/layout.js';
import type {StorePaths} from '../paths.js';
import {buildSpec, writeBundle} from '../runtime/bundle.js';
import {launchForeground} from '../runtime/launch.js';
import {writeEtcFiles} from './etc-files.js';
import {newContainerId, randomName} from './names.js';
import {emptyState, type ContainerRecord} from './record.js';
import type {RunSpec} from './spec.js';
import {containerDirs, createContainer, deleteContainer, isNameTaken, saveContainer, transition} from './store.js';
import {processStartTime} from './liveness.js';
import {traceMark} from '../util/trace.js';

export interface RunOutcome {
  record: ContainerRecord;
  exitCode: number;
  oomKilled: boolean;
}

/**
 * `islander run` in the foreground: create the container, place it in its cgroup between isle-init's `ready` and
 * `start`, wait for it, record how it ended (OOM included, read before the cgroup goes), and remove it with --rm.
 */
export async function runForeground(paths: StorePaths, spec: RunSpec): Promise<RunOutcome> {
  const record = newRecord(paths, spec);
  const dirs = createContainer(paths, record);
  traceMark('container record written');
  let cgroup: CgroupHandle | undefined;
  try {
    const etcFiles = writeEtcFiles(dirs.dir, record.config.hostname);
    writeBundle(dirs.bundle, buildSpec({
      args: spec.args,
      env: spec.env,
      cwd: spec.cwd,
      uid: 0,
      gid: 0,
      hostname: record.config.hostname,
      terminal: spec.tty,
      layers: {lower: imageRootfs(paths, spec.image.id), upper: dirs.upper, work: dirs.work},
      etcFiles,
      resources: spec.resources,
      cgroupsPath: `islander/${record.id}`,
      cgroupNamespace: existsSync('/proc/self/ns/cgroup'),
    }));
    traceMark('bundle written');
    cgroup = cgroupDriver().create(record.id, spec.resources);
    traceMark('cgroup created');
    record.cgroupPaths = cgroup.paths;
    const placed = cgroup;
    const result = await launchForeground({
      bundle: dirs.bundle,
      args: spec.args,
      terminal: spec.tty,
      interactive: spec.interactive,
      beforeStart: (pid) => {
        traceMark('isle-init ready');
        placed.addProcess(pid);
        traceMark('placed in cgroup');
      },
      onStarted: (pid, monitorPid) => {
        traceMark('started');
        transition(record, 'running');
        Object.assign(record.state, {pid, monitorPid, monitorStartTime: processStartTime(monitorPid), startedAt: new Date().toISOString()});
        saveContainer(paths, record);
      },
    });
    traceMark('exited');
    const oomKilled = placed.oomKillCount() > 0;
    finish(paths, record, {exitCode: result.exitCode, oomKilled, error: ''}, spec.autoRemove);
    return {record, exitCode: result.exitCode, oomKilled};
  } catch (error) {
    const exitCode = isIslanderError(error) ? error.exitCode : 125;
    const message = error instanceof Error ? error.message : String(error);
    finish(paths, record, {exitCode, oomKilled: false, error: message}, spec.autoRemove);
    throw error;
  } finally {
    await cgroup?.remove();
    traceMark('cgroup removed');
  }
}

function newRecord(paths: StorePaths, spec: RunSpec): ContainerRecord {
  const id = newContainerId();
  let name = spec.name;
  while (name === undefined || (spec.name === undefined && isNameTaken(paths, name))) name = randomName();
  return {
    id,
    name,
    created: new Date().toISOString(),
    image: {id: spec.image.id, name: spec.imageRef},
    path: spec.args[0]!,
    args: spec.args.slice(1),
    config: {
      image: spec.imageRef,
      entrypoint: spec.image.config.Entrypoint,
      cmd: spec.args,
      env: spec.env,
      workingDir: spec.cwd,
      user: '',
      hostname: spec.hostname ?? id.slice(0, 12),
      tty: spec.tty,
      openStdin: spec.interactive,
    },
    hostConfig: {autoRemove: spec.autoRemove, resources: spec.resources},
    state: {...emptyState(), ownerPid: process.pid, ownerStartTime: processStartTime(process.pid)},
    cgroupPaths: [],
  };
}

function finish(paths: StorePaths, record: ContainerRecord, end: {exitCode: number; oomKilled: boolean; error: string}, autoRemove: boolean): void {
  // `rm -f` from another terminal may have removed the container while we waited for it.
  if (!existsSync(containerDirs(paths, record.id).record)) return;
  transition(record, 'exited');
  Object.assign(record.state, {exitCode: end.exitCode, oomKilled: end.oomKilled, error: end.error, pid: 0, finishedAt: new Date().toISOString()});
  if (autoRemove) deleteContainer(paths, record);
  else saveContainer(paths, record);
}
