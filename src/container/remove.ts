import {cgroupDriver} from '../cgroups/index.js';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {reconcile} from './reconcile.js';
import {traceMark} from '../util/trace.js';
import {isActive} from './record.js';
import {killContainer, waitForShimExit} from './stop.js';
import {deleteContainer, resolveContainer, saveContainer, transition} from './store.js';

/** `islander rm [-f]`: an active container is refused unless forced, then killed; then its cgroup and files go. */
export async function removeContainer(paths: StorePaths, ref: string, options: {force: boolean}): Promise<string> {
  const found = resolveContainer(paths, ref);
  const record = await reconcile(paths, found);
  if (!record) return found.id;
  if (isActive(record.state.status)) {
    if (!options.force) {
      throw new IslanderError('conflict', `container '${record.name}' is ${record.state.status}`, {
        suggestion: `stop it first, or remove it anyway with 'islander rm -f ${record.name}'`,
      });
    }
    await killContainer(paths, record.id, 'SIGKILL');
    traceMark('killed');
    if (!(await waitForShimExit(record, 10_000))) {
      throw new IslanderError('system', `container '${record.name}' did not exit after SIGKILL`, {suggestion: 'try again'});
    }
  }
  traceMark('shim gone');
  transition(record, 'removing');
  saveContainer(paths, record);
  await cgroupDriver().open(record.id)?.remove();
  traceMark('cgroup removed');
  deleteContainer(paths, record);
  traceMark('files removed');
  return record.id;
}
