import {readHostInfo} from '../cgroups/host-info.js';
import {resolveImage} from '../image/store.js';
import type {StorePaths} from '../paths.js';
import {checkBindSources} from './mount-setup.js';
import {parseResources, type ResourceFlags} from './resources.js';
import {validateRun, type RunOptions, type RunSpec} from './spec.js';

/**
 * Validates a run request completely — image, limits, names, command — before anything is created, so bad
 * input changes nothing and exits 125 with one sentence.
 */
export function prepareRun(paths: StorePaths, options: RunOptions, resourceFlags: ResourceFlags): RunSpec {
  const image = resolveImage(paths, options.image);
  const resources = parseResources(resourceFlags, readHostInfo(paths.containers));
  const spec = validateRun(options, image, resources);
  checkBindSources(spec.mounts);
  return spec;
}
