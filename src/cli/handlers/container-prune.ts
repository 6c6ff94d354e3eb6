import {pruneContainers} from '../../container/prune.js';
import type {Handler} from '../dispatch.js';
import {humanSize, printLines} from '../output.js';

const containerPrune: Handler = async (_parsed, {paths}) => {
  const {deleted, reclaimedBytes} = await pruneContainers(paths);
  printLines([...(deleted.length > 0 ? ['Deleted Containers:', ...deleted, ''] : []), `Total reclaimed space: ${humanSize(reclaimedBytes)}`]);
};

export {containerPrune as handler};
