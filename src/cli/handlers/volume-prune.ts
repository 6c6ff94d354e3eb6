import {pruneVolumes} from '../../volume/remove.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

const volumePrune: Handler = async (_parsed, {paths}) => {
  const {deleted, reclaimedBytes} = await pruneVolumes(paths);
  printLines([...(deleted.length > 0 ? ['Deleted Volumes:', ...deleted, ''] : []), `Total reclaimed space: ${humanBytes(reclaimedBytes)}`]);
};

/** Docker's figure: decimal units, three significant digits. */
function humanBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return unit === 0 ? `${value}B` : `${Number(value.toPrecision(3))}${units[unit]}`;
}

export {volumePrune as handler};
