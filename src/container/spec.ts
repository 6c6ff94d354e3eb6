import {usageError} from '../errors.js';
import type {ImageRecord} from '../image/types.js';
import type {OciLinuxResources} from '../runtime/oci.js';
import {validateName} from './names.js';

/** What `islander run` was asked, as typed (flags still strings). */
export interface RunOptions {
  image: string;
  command: string[];
  name?: string;
  autoRemove: boolean;
  env: string[];
  workdir?: string;
  hostname?: string;
  tty: boolean;
  interactive: boolean;
}

/** A run request after validation: everything needed to create the container, nothing touched yet. */
export interface RunSpec {
  image: ImageRecord;
  imageRef: string;
  name?: string;
  autoRemove: boolean;
  args: string[];
  env: string[];
  cwd: string;
  hostname?: string;
  tty: boolean;
  interactive: boolean;
  resources: OciLinuxResources;
}

const HOSTNAME_PATTERN = /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;

export function validateRun(options: RunOptions, image: ImageRecord, resources: OciLinuxResources, hostEnv: NodeJS.ProcessEnv = process.env): RunSpec {
  const args = options.command.length > 0 ? [...image.config.Entrypoint, ...options.command] : [...image.config.Entrypoint, ...image.config.Cmd];
  if (args.length === 0) {
    throw usageError(`no command given and the image '${options.image}' has no default command`, `add one: islander run ${options.image} COMMAND`);
  }
  if (options.hostname !== undefined && (options.hostname.length > 64 || !HOSTNAME_PATTERN.test(options.hostname))) {
    throw usageError(`invalid hostname '${options.hostname}': use letters, digits, '-' and '.', at most 64 characters`);
  }
  const cwd = options.workdir ?? (image.config.WorkingDir || '/');
  if (!cwd.startsWith('/')) throw usageError(`the working directory '${cwd}' must be an absolute path`);
  return {
    image,
    imageRef: options.image,
    name: options.name === undefined ? undefined : validateName(options.name),
    autoRemove: options.autoRemove,
    args,
    env: mergeEnv(image.config.Env, options.env, hostEnv),
    cwd,
    hostname: options.hostname,
    tty: options.tty,
    interactive: options.interactive,
    resources,
  };
}

/** The image's environment overridden by -e in order; `-e KEY` takes KEY from the caller's environment, as Docker. */
export function mergeEnv(imageEnv: readonly string[], flags: readonly string[], hostEnv: NodeJS.ProcessEnv): string[] {
  const merged = new Map<string, string>();
  for (const entry of imageEnv) merged.set(entry.split('=', 1)[0]!, entry);
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const key = eq === -1 ? flag : flag.slice(0, eq);
    if (key === '' || key.includes('\0') || flag.includes('\0')) throw usageError(`invalid environment variable '${flag}': use KEY=VALUE`);
    if (eq !== -1) merged.set(key, flag);
    else if (hostEnv[key] !== undefined) merged.set(key, `${key}=${hostEnv[key]}`);
  }
  if (![...merged.keys()].includes('PATH')) merged.set('PATH', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  return [...merged.values()];
}
