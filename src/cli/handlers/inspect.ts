import {inspectContainer} from '../../container/inspect.js';
import type {Handler} from '../dispatch.js';
import {printJson} from '../output.js';

const inspect: Handler = async ({argv}, {paths}) => {
  const results = [];
  for (const ref of argv) results.push(await inspectContainer(paths, ref));
  printJson(results);
};

export {inspect as handler};
