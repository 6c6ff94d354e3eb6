import {inspectContainer} from '../../container/inspect.js';
import type {Handler} from '../dispatch.js';
import {printInspected} from '../output.js';

const inspect: Handler = async ({argv, flags}, {paths}) => {
  const results = [];
  for (const ref of argv) results.push(await inspectContainer(paths, ref));
  printInspected(results, flags.format);
};

export {inspect as handler};
