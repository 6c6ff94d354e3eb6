import {statfsSync} from 'node:fs';
import {IslanderError} from '../errors.js';
import {runTool} from '../process/spawn.js';

/** btrfs subvolumes through btrfs-progs' `btrfs` tool (Debian's btrfs-progs). */
const BTRFS_SUPER_MAGIC = 0x9123683e;

export function isOnBtrfs(dir: string): boolean {
  return statfsSync(dir).type === BTRFS_SUPER_MAGIC;
}

async function btrfs(args: string[]): Promise<void> {
  const result = await runTool('btrfs', args, {reject: false});
  if (result.exitCode === 0) return;
  if (/ENOENT/.test(result.stderr) || result.exitCode === 127 || (result.stderr === '' && result.stdout === '')) {
    throw new IslanderError('system', `cannot run 'btrfs ${args.join(' ')}'`, {suggestion: 'install btrfs-progs (apt-get install btrfs-progs)'});
  }
  throw new IslanderError('system', `btrfs ${args.join(' ')} failed: ${result.stderr.trim().split('\n').pop()}`);
}

export function createSubvolume(path: string): Promise<void> {
  return btrfs(['subvolume', 'create', path]);
}

export function snapshotSubvolume(source: string, destination: string): Promise<void> {
  return btrfs(['subvolume', 'snapshot', source, destination]);
}

export function deleteSubvolume(path: string): Promise<void> {
  return btrfs(['subvolume', 'delete', path]);
}
