import {cgroupDriver, type CgroupHandle} from '../cgroups/index.js';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import type {ContainerRecord} from './record.js';
import {currentContainer} from './reconcile.js';
import {saveContainer, transition} from './store.js';

/**
 * `islander pause` / `unpause`: every process of the container is frozen (or thawed) through its cgroup, and the
 * record says "paused" so ps and inspect show it. The freezer stops processes without their knowledge — no
 * signal is sent — and the shim keeps watching them.
 */
export async function pauseContainer(paths: StorePaths, ref: string): Promise<ContainerRecord> {
  const record = await currentContainer(paths, ref);
  if (record.state.status === 'paused') {
    throw new IslanderError('conflict', `container '${record.name}' is already paused`, {suggestion: `resume it with 'islander unpause ${record.name}'`});
  }
  if (record.state.status !== 'running') {
    throw new IslanderError('conflict', `container '${record.name}' is not running (it is ${record.state.status})`, {
      suggestion: `start it first with 'islander start ${record.name}'`,
    });
  }
  await groupOf(record).freeze();
  transition(record, 'paused');
  saveContainer(paths, record);
  return record;
}

export async function unpauseContainer(paths: StorePaths, ref: string): Promise<ContainerRecord> {
  const record = await currentContainer(paths, ref);
  if (record.state.status !== 'paused') {
    throw new IslanderError('conflict', `container '${record.name}' is not paused (it is ${record.state.status})`, {
      suggestion: `pause it first with 'islander pause ${record.name}'`,
    });
  }
  await groupOf(record).thaw();
  transition(record, 'running');
  saveContainer(paths, record);
  return record;
}

function groupOf(record: ContainerRecord): CgroupHandle {
  const group = cgroupDriver().open(record.id);
  if (!group) {
    throw new IslanderError('system', `container '${record.name}' has no cgroup, so it cannot be frozen or thawed`, {
      suggestion: `restart it with 'islander restart ${record.name}'`,
    });
  }
  return group;
}

/**
 * A signal to a frozen process waits until it is thawed (on cgroup v1 even SIGKILL), so kill, stop and rm -f
 * thaw a paused container right after signalling it, as Docker does.
 */
export async function resumeAfterSignal(paths: StorePaths, record: ContainerRecord): Promise<void> {
  if (record.state.status !== 'paused') return;
  const group = cgroupDriver().open(record.id);
  if (group?.isFrozen()) await group.thaw();
  transition(record, 'running');
  saveContainer(paths, record);
}
