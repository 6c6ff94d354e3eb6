import {imageRootfs, resolveImage} from '../../image/index.js';
import type {Handler} from '../dispatch.js';
import {printJson} from '../output.js';

/** The fields of `docker image inspect` that an imported image has, plus where its rootfs lives. */
const imageInspect: Handler = async ({argv}, {paths}) => {
  printJson(argv.map((ref) => {
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
      RootFS: {Type: 'directory', Path: imageRootfs(paths, image.id)},
    };
  }));
};

export {imageInspect as handler};
