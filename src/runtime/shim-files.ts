import {readJsonIfExists} from '../util/atomic.js';

/**
 * The files a container's isle-shim writes (runtime-c/PROTOCOL.md, "isle-shim"): shim.json while it watches the
 * container, exit.json when the container has exited. Both are written atomically; version 1.
 */
export interface ShimState {
  v: 1;
  shimPid: number;
  shimStartTime: number;
  pid: number;
  status: 'running' | 'restarting' | 'exited';
  startedAt: string;
  restartCount: number;
}

export interface ExitRecord {
  v: 1;
  exitCode?: number;
  signal?: number;
  oomKilled: boolean;
  finishedAt: string;
  restartCount: number;
}

export function readShimState(path: string): ShimState | undefined {
  const state = readShimFile<ShimState>(path);
  return state?.v === 1 ? state : undefined;
}

export function readExitRecord(path: string): ExitRecord | undefined {
  const record = readShimFile<ExitRecord>(path);
  return record?.v === 1 ? record : undefined;
}

/** A file that a crash cut short (shim.json and an --auto-remove exit.json are not fsync'd) counts as none. */
function readShimFile<T>(path: string): T | undefined {
  try {
    return readJsonIfExists<T>(path);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}

/** The shell's convention: a process killed by signal S "exited" 128 + S. */
export function exitCodeOf(exit: {exitCode?: number; signal?: number}): number {
  return exit.exitCode ?? 128 + (exit.signal ?? 0);
}
