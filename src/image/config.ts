import {IslanderError} from '../errors.js';
import {defaultImageConfig, type HistoryEntry, type ImageConfig} from './types.js';

/**
 * The parts of an OCI / Docker image config (application/vnd.oci.image.config.v1+json) Islander uses. Input is
 * hostile: every field is type-checked and anything unexpected is dropped or refused, never passed on raw.
 */
export interface ParsedConfig {
  config: ImageConfig;
  diffIds: string[];
  history: HistoryEntry[];
  created: string;
  architecture: string;
  os: string;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function strings(value: unknown, field: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) throw invalid(`${field} must be a list of strings`);
  return value as string[];
}

function text(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  return value;
}

function invalid(why: string): IslanderError {
  return new IslanderError('invalid-image', `invalid image config: ${why}`, {
    suggestion: 'the archive is corrupt or was not made by docker save / an OCI tool',
  });
}

export function parseImageConfig(json: Buffer): ParsedConfig {
  let doc: unknown;
  try {
    doc = JSON.parse(json.toString('utf8'));
  } catch {
    throw invalid('not JSON');
  }
  if (!isObject(doc)) throw invalid('not a JSON object');
  const rootfs = doc.rootfs;
  if (!isObject(rootfs) || rootfs.type !== 'layers') throw invalid('rootfs.type must be "layers"');
  const diffIds = (strings(rootfs.diff_ids, 'rootfs.diff_ids') ?? []).map((id) => {
    const match = /^sha256:([0-9a-f]{64})$/.exec(id);
    if (!match?.[1]) throw invalid(`rootfs.diff_ids has a malformed digest '${id}'`);
    return match[1];
  });
  const inner = isObject(doc.config) ? doc.config : {};
  const defaults = defaultImageConfig();
  const config: ImageConfig = {
    Env: strings(inner.Env, 'config.Env') ?? [],
    Cmd: strings(inner.Cmd, 'config.Cmd') ?? [],
    Entrypoint: strings(inner.Entrypoint, 'config.Entrypoint') ?? [],
    WorkingDir: text(inner.WorkingDir, 'config.WorkingDir') || defaults.WorkingDir,
    User: text(inner.User, 'config.User') ?? '',
  };
  if (isObject(inner.ExposedPorts)) {
    config.ExposedPorts = Object.fromEntries(Object.keys(inner.ExposedPorts).map((port) => [port, {}]));
  }
  if (isObject(inner.Labels)) {
    config.Labels = Object.fromEntries(Object.entries(inner.Labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
  const history = Array.isArray(doc.history) ? doc.history.filter(isObject).map(historyEntry) : [];
  return {
    config,
    diffIds,
    history,
    created: text(doc.created, 'created') ?? new Date(0).toISOString(),
    architecture: text(doc.architecture, 'architecture') ?? 'amd64',
    os: text(doc.os, 'os') ?? 'linux',
  };
}

function historyEntry(item: Json): HistoryEntry {
  const entry: HistoryEntry = {};
  if (typeof item.created === 'string') entry.created = item.created;
  if (typeof item.created_by === 'string') entry.created_by = item.created_by;
  if (typeof item.comment === 'string') entry.comment = item.comment;
  if (item.empty_layer === true) entry.empty_layer = true;
  return entry;
}

/** A config for a flat `image import`: one layer, Docker's defaults. */
export function flatImageConfig(diffId: string, created: string, architecture: string): Buffer {
  const defaults = defaultImageConfig();
  return Buffer.from(JSON.stringify({
    architecture,
    os: 'linux',
    created,
    config: {Env: defaults.Env, WorkingDir: defaults.WorkingDir},
    rootfs: {type: 'layers', diff_ids: [`sha256:${diffId}`]},
    history: [{created, created_by: 'islander image import', comment: 'Imported from tarball'}],
  }));
}
