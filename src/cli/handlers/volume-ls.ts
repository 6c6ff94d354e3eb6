import {listVolumes} from '../../volume/store.js';
import type {VolumeRecord} from '../../volume/types.js';
import type {Handler} from '../dispatch.js';
import {formatLabels, listFormat, printFieldTable, printJson, printLines, printTemplate} from '../output.js';

/** Docker's column names for `volume ls --format 'table {{.Name}}...'`, by template field. */
const HEADERS = {Name: 'VOLUME NAME', Driver: 'DRIVER', Mountpoint: 'MOUNTPOINT', Labels: 'LABELS', Scope: 'SCOPE'};

/** A row as `docker volume ls --format` templates see it. */
function templateRow(volume: VolumeRecord): Record<keyof typeof HEADERS, string> {
  return {Name: volume.Name, Driver: volume.Driver, Mountpoint: volume.Mountpoint, Labels: formatLabels(volume.Labels), Scope: volume.Scope};
}

const volumeLs: Handler = async ({flags}, {paths}) => {
  const format = listFormat(flags.format, HEADERS);
  const volumes = listVolumes(paths);
  if (flags.quiet === true) printLines(volumes.map((volume) => volume.Name));
  else if (format.kind === 'template') printTemplate(format, volumes.map(templateRow));
  else if (format.kind === 'json') printJson(volumes);
  else await printFieldTable(HEADERS, ['Driver', 'Name'], volumes.map(templateRow));
};

export {volumeLs as handler};
