import {existsSync} from 'node:fs';
import {dirname, join, resolve} from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * Where Islander keeps its state. `--root` (or ISLANDER_ROOT) moves everything, run state included, so that
 * tests get a private store; without it, persistent state lives in /var/lib/islander and runtime state
 * (pids, sockets) in /run/islander, as Docker and Podman split them. `--runroot` (or ISLANDER_RUNROOT) moves the
 * runtime state on its own, as podman's --runroot does: to a tmpfs, say, next to a private --root.
 */
export interface StorePaths {
  root: string;
  runRoot: string;
  images: string;
  containers: string;
  volumes: string;
  tmp: string;
}

export function storePaths(rootOverride?: string, runRootOverride?: string): StorePaths {
  const override = rootOverride ?? process.env.ISLANDER_ROOT;
  const root = resolve(override || '/var/lib/islander');
  const runOverride = runRootOverride ?? process.env.ISLANDER_RUNROOT;
  const runRoot = runOverride ? resolve(runOverride) : override ? join(root, 'run') : '/run/islander';
  return {
    root,
    runRoot,
    images: join(root, 'images'),
    containers: join(root, 'containers'),
    volumes: join(root, 'volumes'),
    tmp: join(root, 'tmp'),
  };
}

/** This Islander's CLI as a command line for another process (the shim's exit command), with this store's paths. */
export function cliCommand(paths: StorePaths, args: readonly string[]): string[] {
  return [process.execPath, join(packageRoot, 'bin', 'islander.cjs'), '--root', paths.root, '--runroot', paths.runRoot, ...args];
}

/** The package root: the nearest directory above this module with a package.json (src/ under vitest, dist/ bundled). */
export const packageRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dir === dirname(dir)) return resolve(start, '..');
  }
}

/** Where the C binaries (isle-init, isle-unpack) are found; ISLANDER_LIBEXEC overrides for packaging. */
export function libexecPath(binary: string): string {
  return join(process.env.ISLANDER_LIBEXEC || join(packageRoot, 'runtime-c', 'build'), binary);
}
