/**
 * Waits `ms` milliseconds. node:timers/promises would do, but loading it (with its AbortController support) is a
 * cost on `run`'s path, where the cgroup removal keeps a retry delay it seldom uses.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
