import {pruneVolumes} from '../../volume/remove.js';
import type {Handler} from '../dispatch.js';
import {humanSize, printLines} from '../output.js';

const volumePrune: Handler = async (_parsed, {paths}) => {
  const {deleted, reclaimedBytes} = await pruneVolumes(paths);
  printLines([...(deleted.length > 0 ? ['Deleted Volumes:', ...deleted, ''] : []), `Total reclaimed space: ${humanSize(reclaimedBytes)}`]);
};


export {volumePrune as handler};
