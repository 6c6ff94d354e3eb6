import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {validateName} from './names.js';
import {loadContainer, readNameOwner, releaseName, reserveName, resolveContainer, saveContainer} from './store.js';

/**
 * `islander rename OLD NEW`: claims NEW first with the same O_EXCL reservation `run --name` uses (so of two
 * renames to one name, one wins), then rewrites the record, then lets OLD go. If anything fails in between, the
 * new reservation is released and the container keeps its old name; at no moment is it without a name.
 */
export function renameContainer(paths: StorePaths, ref: string, newName: string): {id: string; oldName: string} {
  validateName(newName);
  const found = resolveContainer(paths, ref);
  const oldName = found.name;
  if (oldName === newName) {
    throw new IslanderError('conflict', `container '${oldName}' is already named '${newName}'`, {suggestion: 'choose another name'});
  }
  reserveName(paths, newName, found.id);
  try {
    // Read again after the claim: the record on disk is the one to change, not our earlier copy.
    const record = loadContainer(paths, found.id);
    if (!record) throw new IslanderError('not-found', `no such container '${ref}'`, {suggestion: "see 'islander ps -a'"});
    record.name = newName;
    saveContainer(paths, record, {durable: true});
  } catch (error) {
    releaseName(paths, newName);
    throw error;
  }
  if (readNameOwner(paths, oldName) === found.id) releaseName(paths, oldName);
  return {id: found.id, oldName};
}
