import type {StorePaths} from '../paths.js';
import {readLayer} from './layer-record.js';
import {resolveImage} from './store.js';
import type {HistoryEntry} from './types.js';

export interface HistoryRow {
  /** The image id on the newest row, "<missing>" on the others (Docker's convention). */
  id: string;
  created: string;
  createdBy: string;
  /** Bytes of the row's layer; 0 for a step that made none. */
  size: number;
  comment: string;
}

/** `islander image history`: the config's history, newest first, each non-empty step matched to its layer. */
export function imageHistory(paths: StorePaths, ref: string): HistoryRow[] {
  const image = resolveImage(paths, ref);
  const history: HistoryEntry[] = image.history.length > 0 ? image.history
    : image.layers.map(() => ({created: image.created}));
  let layerIndex = 0;
  const rows = history.map((step) => {
    const diffId = step.empty_layer ? undefined : image.layers[layerIndex++];
    return {
      id: '<missing>',
      created: step.created ?? '',
      createdBy: step.created_by ?? '',
      size: diffId ? readLayer(paths, diffId)?.size ?? 0 : 0,
      comment: step.comment ?? '',
    };
  }).reverse();
  if (rows[0]) rows[0].id = image.id;
  return rows;
}
