import {posix, resolve} from 'node:path';
import {usageError} from '../errors.js';
import {validateVolumeName} from '../volume/names.js';
import {parseByteSize} from './resources.js';

/**
 * A container's extra mounts, validated from `-v`, `--mount` and `--tmpfs` before anything is created. The record
 * keeps this typed form; the bundle writer turns it into OCI mounts at every start.
 */
export type Propagation = 'rprivate' | 'private' | 'rshared' | 'shared' | 'rslave' | 'slave';

export interface VolumeMountSpec {
  type: 'volume';
  name: string;
  destination: string;
  readonly: boolean;
  /** Docker's `nocopy`: do not pre-fill an empty volume from the image. */
  noCopy: boolean;
}

export interface BindMountSpec {
  type: 'bind';
  source: string;
  destination: string;
  readonly: boolean;
  propagation: Propagation;
  /** `-v` creates a missing host directory (Docker's rule); `--mount type=bind` refuses it. */
  createSource: boolean;
}

export interface TmpfsMountSpec {
  type: 'tmpfs';
  destination: string;
  readonly: boolean;
  /** Options for mount(2) besides ro: noexec/nosuid/nodev and size=, nr_inodes=, mode=, uid=, gid=. */
  options: string[];
}

export type MountSpec = VolumeMountSpec | BindMountSpec | TmpfsMountSpec;

export interface MountFlags {
  volumes: readonly string[];
  mounts: readonly string[];
  tmpfs: readonly string[];
}

const PROPAGATIONS: readonly Propagation[] = ['rprivate', 'private', 'rshared', 'shared', 'rslave', 'slave'];

/** Every mount flag of run/create, validated and checked against each other (one mount per destination). */
export function parseMountFlags(flags: MountFlags): MountSpec[] {
  const specs = [
    ...flags.volumes.map(parseVolumeFlag),
    ...flags.mounts.map(parseMountFlag),
    ...flags.tmpfs.map(parseTmpfsFlag),
  ];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (seen.has(spec.destination)) throw usageError(`duplicate mount point '${spec.destination}': each destination may be mounted once`);
    seen.add(spec.destination);
  }
  return specs;
}

/** `-v SOURCE:DEST[:OPTIONS]`: SOURCE is a host path when absolute (or ./relative), otherwise a volume name. */
export function parseVolumeFlag(value: string): MountSpec {
  const shown = `-v '${value}'`;
  const parts = value.split(':');
  if (parts.length === 1) {
    throw usageError(`${shown} has no destination: anonymous volumes are not supported`, 'name the volume: -v NAME:/path');
  }
  if (parts.length > 3) throw usageError(`invalid ${shown}: use SOURCE:DEST[:OPTIONS]`);
  const [source, rawDestination, optionText] = parts as [string, string, string?];
  const destination = validateDestination(rawDestination, shown);
  let readonly = false;
  let noCopy = false;
  let propagation: Propagation | undefined;
  for (const option of optionText === undefined ? [] : optionText.split(',')) {
    if (option === 'ro' || option === 'rw') readonly = option === 'ro';
    else if (option === 'nocopy') noCopy = true;
    else if ((PROPAGATIONS as readonly string[]).includes(option)) propagation = option as Propagation;
    // SELinux relabelling: there is no SELinux here, so Docker's z/Z are accepted and mean nothing.
    else if (option === 'z' || option === 'Z') continue;
    else throw usageError(`unknown option '${option}' in ${shown}: use ro, rw, nocopy, z, Z or a propagation (rprivate, rshared, rslave...)`);
  }
  // Docker's CLI (23+) takes ./dir and ../dir as host paths, relative to where the command runs.
  if (source === '.' || source === '..' || source.startsWith('./') || source.startsWith('../')) {
    return parseVolumeFlag([resolve(source), rawDestination, ...(optionText === undefined ? [] : [optionText])].join(':'));
  }
  if (source.startsWith('/')) {
    if (noCopy) throw usageError(`${shown}: nocopy applies to volumes, not to bind mounts`);
    return {type: 'bind', source: validateHostPath(source, shown), destination, readonly, propagation: propagation ?? 'rprivate', createSource: true};
  }
  if (propagation !== undefined) throw usageError(`${shown}: propagation options apply to bind mounts, not to volumes`);
  return {type: 'volume', name: validateVolumeName(source), destination, readonly, noCopy};
}

/** Docker's `--mount type=volume|bind|tmpfs,src=...,dst=...,readonly,...` (type defaults to volume). */
export function parseMountFlag(value: string): MountSpec {
  const shown = `--mount '${value}'`;
  const fields = new Map<string, string>();
  for (const field of value.split(',')) {
    const eq = field.indexOf('=');
    const key = (eq === -1 ? field : field.slice(0, eq)).trim().toLowerCase();
    const canonical = MOUNT_KEY_ALIASES[key] ?? key;
    if (!MOUNT_KEYS.has(canonical)) throw usageError(`unknown field '${key}' in ${shown}: see 'islander run --help'`);
    if (fields.has(canonical)) throw usageError(`${shown} sets '${canonical}' twice`);
    fields.set(canonical, eq === -1 ? '' : field.slice(eq + 1));
  }
  const type = fields.get('type') ?? 'volume';
  const rawDestination = fields.get('destination');
  if (rawDestination === undefined) throw usageError(`${shown} needs a destination: add dst=/path`);
  const destination = validateDestination(rawDestination, shown);
  const readonly = fields.has('readonly') ? booleanField(fields.get('readonly')!, shown) : false;
  const source = fields.get('source');
  const refuse = (keys: string[]): void => {
    const misplaced = keys.find((key) => fields.has(key));
    if (misplaced) throw usageError(`${shown}: '${misplaced}' does not apply to type=${type}`);
  };
  if (type === 'bind') {
    refuse(['volume-nocopy', 'tmpfs-size', 'tmpfs-mode']);
    if (source === undefined || source === '') throw usageError(`${shown} needs a source: add src=/host/path`);
    if (!source.startsWith('/')) throw usageError(`${shown}: a bind source must be an absolute host path, not '${source}'`);
    const propagation = fields.get('bind-propagation') ?? 'rprivate';
    if (!(PROPAGATIONS as readonly string[]).includes(propagation)) {
      throw usageError(`invalid bind-propagation '${propagation}' in ${shown}: use one of ${PROPAGATIONS.join(', ')}`);
    }
    return {type: 'bind', source: validateHostPath(source, shown), destination, readonly, propagation: propagation as Propagation, createSource: false};
  }
  if (type === 'volume') {
    refuse(['bind-propagation', 'tmpfs-size', 'tmpfs-mode']);
    if (source === undefined || source === '') throw usageError(`${shown} needs a source: anonymous volumes are not supported`, 'add src=NAME');
    const noCopy = fields.has('volume-nocopy') ? booleanField(fields.get('volume-nocopy')!, shown) : false;
    return {type: 'volume', name: validateVolumeName(source), destination, readonly, noCopy};
  }
  if (type === 'tmpfs') {
    refuse(['bind-propagation', 'volume-nocopy']);
    if (source !== undefined) throw usageError(`${shown}: a tmpfs has no source`);
    const options: string[] = [];
    const size = fields.get('tmpfs-size');
    if (size !== undefined) options.push(`size=${size}`);
    const mode = fields.get('tmpfs-mode');
    if (mode !== undefined) options.push(`mode=${mode}`);
    return {type: 'tmpfs', destination, readonly, options: validateTmpfsOptions(options, shown).options};
  }
  throw usageError(`unknown mount type '${type}' in ${shown}: use volume, bind or tmpfs`);
}

/** `--tmpfs /path[:OPTIONS]`, OPTIONS as mount(8) takes them (size=64m,nr_inodes=1k,mode=1777,noexec...). */
export function parseTmpfsFlag(value: string): TmpfsMountSpec {
  const shown = `--tmpfs '${value}'`;
  const colon = value.indexOf(':');
  const destination = validateDestination(colon === -1 ? value : value.slice(0, colon), shown);
  const {options, readonly} = validateTmpfsOptions(colon === -1 ? [] : value.slice(colon + 1).split(','), shown);
  return {type: 'tmpfs', destination, readonly, options};
}

/** Docker's tmpfs defaults (noexec, nosuid, nodev) overridden by the given options, each one checked. */
export function validateTmpfsOptions(given: readonly string[], shown: string): {options: string[]; readonly: boolean} {
  const flags = new Map<string, string>([['exec', 'noexec'], ['suid', 'nosuid'], ['dev', 'nodev']]);
  const data = new Map<string, string>();
  let readonly = false;
  for (const option of given) {
    const eq = option.indexOf('=');
    const key = eq === -1 ? option : option.slice(0, eq);
    const value = eq === -1 ? '' : option.slice(eq + 1);
    if (option === 'ro' || option === 'rw') readonly = option === 'ro';
    else if (['exec', 'noexec', 'suid', 'nosuid', 'dev', 'nodev'].includes(option)) flags.set(option.replace(/^no/, ''), option);
    else if (key === 'size') data.set(key, `size=${tmpfsSize(value, shown)}`);
    else if (key === 'nr_inodes') data.set(key, `nr_inodes=${tmpfsCount(value, shown)}`);
    else if (key === 'mode') {
      if (!/^[0-7]{1,4}$/.test(value)) throw usageError(`invalid tmpfs mode '${value}' in ${shown}: use octal, like 1777`);
      data.set(key, `mode=${value}`);
    } else if (key === 'uid' || key === 'gid') {
      if (!/^\d+$/.test(value)) throw usageError(`invalid tmpfs ${key} '${value}' in ${shown}: use a number`);
      data.set(key, `${key}=${value}`);
    } else {
      throw usageError(`unknown tmpfs option '${option}' in ${shown}: use size, nr_inodes, mode, uid, gid, ro, rw, exec, suid, dev`);
    }
  }
  return {options: [...flags.values(), ...data.values()], readonly};
}

/** A tmpfs size: bytes with Docker's units (64m, 1g), or a percentage of RAM as tmpfs itself takes it. */
function tmpfsSize(value: string, shown: string): string {
  if (/^\d{1,3}%$/.test(value)) return value;
  const bytes = parseByteSize(value);
  if (bytes === undefined || bytes <= 0) throw usageError(`invalid tmpfs size '${value}' in ${shown}: use bytes or k, m, g (64m) or a percentage`);
  return String(bytes);
}

function tmpfsCount(value: string, shown: string): string {
  const match = /^(\d+)([kmg]?)$/i.exec(value);
  if (!match || Number(match[1]) === 0) throw usageError(`invalid nr_inodes '${value}' in ${shown}: use a number, optionally with k, m or g`);
  const scale = {'': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3}[match[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  return String(Number(match[1]) * scale);
}

const MOUNT_KEY_ALIASES: Record<string, string> = {
  src: 'source', dst: 'destination', target: 'destination', ro: 'readonly',
};

const MOUNT_KEYS = new Set(['type', 'source', 'destination', 'readonly', 'bind-propagation', 'volume-nocopy', 'tmpfs-size', 'tmpfs-mode', 'consistency']);

function booleanField(value: string, shown: string): boolean {
  if (value === '' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw usageError(`${shown}: '${value}' is not true or false`);
}

/** An absolute, normalised destination other than `/` itself. */
function validateDestination(value: string, shown: string): string {
  if (!value.startsWith('/')) throw usageError(`invalid ${shown}: the destination '${value}' must be an absolute path`);
  if (value.includes('\0')) throw usageError(`invalid ${shown}: the destination contains a NUL byte`);
  const normalised = posix.normalize(value).replace(/(.)\/$/, '$1');
  if (normalised === '/') throw usageError(`invalid ${shown}: cannot mount over the container's '/'`);
  return normalised;
}

function validateHostPath(value: string, shown: string): string {
  if (value.includes('\0')) throw usageError(`invalid ${shown}: the source contains a NUL byte`);
  return posix.normalize(value).replace(/(.)\/$/, '$1');
}
