import {listVolumes} from '../../volume/store.js';
import type {VolumeRecord} from '../../volume/types.js';
import type {Handler} from '../dispatch.js';
import {outputFormat, printJson, printLines, printTable} from '../output.js';

const volumeLs: Handler = async ({flags}, {paths}) => {
  const format = outputFormat(flags.format);
  const volumes = listVolumes(paths);
  if (flags.quiet === true) printLines(volumes.map((volume) => volume.Name));
  else if (format === 'json') printJson(volumes);
  else await printTable<VolumeRecord>([{header: 'DRIVER', value: (v) => v.Driver}, {header: 'VOLUME NAME', value: (v) => v.Name}], volumes);
};

export {volumeLs as handler};
