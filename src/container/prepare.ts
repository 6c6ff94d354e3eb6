import {readHostInfo} from '../cgroups/host-info.js';
import type {StorePaths} from '../paths.js';
import {imageForRun, parsePullPolicy} from '../registry/image-for-run.js';
import {checkBindSources} from './mount-setup.js';
import {parseResources, type ResourceFlags} from './resources.js';
import {validateRun, type RunOptions, type RunSpec} from './spec.js';

/**
 * Validates a run request completely — image, limits, names, command — before any container is created, so bad
 * input changes nothing and exits 125 with one sentence. An image the store lacks is pulled first, as Docker
 * does (--pull), after the limits, which need no image, were checked.
 */
export async function prepareRun(paths: StorePaths, options: RunOptions, resourceFlags: ResourceFlags): Promise<RunSpec> {
  const resources = parseResources(resourceFlags, readHostInfo(paths.containers));
  const image = await imageForRun(paths, options.image, parsePullPolicy(options.pull));
  const spec = validateRun(options, image, resources);
  checkBindSources(spec.mounts);
  return spec;
}
