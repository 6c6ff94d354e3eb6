import {libexecPath} from '../paths.js';

/**
 * Starts a program whose fd 3 is one end of a socketpair, the other end ours (isle-shim's handshake), through
 * runtime-c's Node-API addon: posix_spawn (vfork) where node:child_process would fork all of Node and wait for
 * the copy's teardown in exec, about 4 ms of every `islander run` (runtime-c/node/spawn_addon.c). The child's
 * stdio is /dev/null and its signals are reset; it is not watched by Node: reap it with `reapChild`.
 */
export interface SocketChild {
  pid: number;
  /** Our end: a blocking, close-on-exec unix stream socket. */
  fd: number;
}

interface SpawnAddon {
  spawnWithSocket(file: string, args: readonly string[]): SocketChild;
  waitExit(pid: number): number;
  shutdownSocket(fd: number): void;
}

let addon: SpawnAddon | undefined;

function spawnAddon(): SpawnAddon {
  if (!addon) {
    const module = {exports: {}} as {exports: SpawnAddon};
    process.dlopen(module, libexecPath('isle-spawn.node'));
    addon = module.exports;
  }
  return addon;
}

/** Throws Node's errno errors (`code` ENOENT when the file is missing), and ERR_DLOPEN_FAILED without the addon. */
export function spawnWithSocket(file: string, args: readonly string[]): SocketChild {
  return spawnAddon().spawnWithSocket(file, args);
}

/**
 * shutdown(2) of both directions of our socket: a read of it blocked in Node's thread pool returns 0 (a pool
 * thread still blocked would hold up the process's exit), and the child sees the end of the stream.
 */
export function shutdownSocket(fd: number): void {
  spawnAddon().shutdownSocket(fd);
}

/** Waits for the child to exit and reaps it: its exit code, or 128 + the signal that killed it. */
export function reapChild(pid: number): number {
  return spawnAddon().waitExit(pid);
}
