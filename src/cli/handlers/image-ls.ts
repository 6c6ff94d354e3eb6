import {humanDuration} from '../../container/list.js';
import {listImages, type ImageRecord} from '../../image/index.js';
import type {Handler} from '../dispatch.js';
import {humanSize, listFormat, printFieldTable, printJson, printLines, printTemplate} from '../output.js';

interface Row {
  repository: string;
  tag: string;
  image: ImageRecord;
}

/** One row per name, as `docker images` shows them; an image without names is <none>:<none>. */
function rows(images: readonly ImageRecord[]): Row[] {
  return images.flatMap((image) => image.repoTags.length === 0
    ? [{repository: '<none>', tag: '<none>', image}]
    : image.repoTags.map((ref) => {
      const colon = ref.lastIndexOf(':');
      return {repository: ref.slice(0, colon), tag: ref.slice(colon + 1), image};
    }));
}

/** Docker's column names for `images --format 'table {{.Repository}}...'`, by template field. */
const HEADERS = {ID: 'IMAGE ID', Repository: 'REPOSITORY', Tag: 'TAG', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', Size: 'SIZE'};

/** A row as `docker images --format` templates see it. */
function templateRow(row: Row): Record<keyof typeof HEADERS, string> {
  return {
    ID: row.image.id.slice(0, 12),
    Repository: row.repository,
    Tag: row.tag,
    Digest: '<none>',
    CreatedSince: `${humanDuration(Date.now() - Date.parse(row.image.created))} ago`,
    CreatedAt: new Date(row.image.created).toString(),
    Size: humanSize(row.image.size),
  };
}

const imageLs: Handler = async ({flags}, {paths}) => {
  const format = listFormat(flags.format, HEADERS);
  const images = listImages(paths);
  if (flags.quiet === true) {
    printLines(images.map((image) => image.id.slice(0, 12)));
  } else if (format.kind === 'template') {
    printTemplate(format, rows(images).map(templateRow));
  } else if (format.kind === 'json') {
    printJson(images.map((image) => ({
      Id: `sha256:${image.id}`,
      RepoTags: image.repoTags,
      Created: image.created,
      Size: image.size,
      Architecture: image.architecture,
      Os: image.os,
    })));
  } else {
    await printFieldTable(HEADERS, ['Repository', 'Tag', 'ID', 'CreatedSince', 'Size'], rows(images).map(templateRow));
  }
};

export {imageLs as handler};
