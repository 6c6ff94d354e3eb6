import {imageLowerDirs, resolveImage} from '../../image/index.js';
import type {Handler} from '../dispatch.js';
import {printInspected} from '../output.js';

/** The fields of `docker image inspect` Islander's images have, plus where their layers live. */
const imageInspect: Handler = async ({argv, flags}, {paths}) => {
  printInspected(argv.map((ref) => {
    const lowerDirs = imageLowerDirs(paths, resolveImage(paths, ref).id); // first: migrates a pre-layer image
    const image = resolveImage(paths, ref);
    return {
      Id: `sha256:${image.id}`,
      RepoTags: image.repoTags,
      Created: image.created,
      Size: image.size,
      Architecture: image.architecture,
      Os: image.os,
      Config: image.config,
      Source: image.source,
      History: image.history,
      RootFS: {Type: 'layers', Layers: image.layers.map((diffId) => `sha256:${diffId}`)},
      GraphDriver: {Name: 'overlay2', Data: {LowerDir: lowerDirs.join(':')}},
    };
  }), flags.format);
};

export {imageInspect as handler};
