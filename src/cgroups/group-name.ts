import {IslanderError} from '../errors.js';

/**
 * The id becomes a directory name under every cgroup mount, so it may not climb out of `islander/` ("..", "/")
 * nor look like a kernel file (those all contain a dot, as in memory.max).
 */
const GROUP_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function groupName(containerId: string): string {
  if (!GROUP_NAME.test(containerId)) {
    throw new IslanderError('internal', `"${containerId}" cannot name a cgroup: use letters, digits, "-" and "_"`);
  }
  return containerId;
}
