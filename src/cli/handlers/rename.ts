import {renameContainer} from '../../container/rename.js';
import type {Handler} from '../dispatch.js';

const rename: Handler = async ({args}, {paths}) => {
  renameContainer(paths, args.container!, args.name!);
};

export {rename as handler};
