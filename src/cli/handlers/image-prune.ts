import {pruneImages} from '../../image/index.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

const imagePrune: Handler = async ({flags}, {paths}) => {
  const result = pruneImages(paths, {all: flags.all === true});
  printLines([
    ...result.untagged.map((name) => `untagged: ${name}`),
    ...result.deleted.map((id) => `deleted: sha256:${id}`),
    ...result.freedLayers.map((diffId) => `deleted layer: sha256:${diffId}`),
  ]);
};

export {imagePrune as handler};
