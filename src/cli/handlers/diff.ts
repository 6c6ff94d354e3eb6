import {containerChanges} from '../../container/diff.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

const diff: Handler = async ({args}, {paths}) => {
  const changes = await containerChanges(paths, args.container!);
  printLines(changes.map((change) => `${'CAD'[change.Kind]} ${change.Path}`));
};

export {diff as handler};
