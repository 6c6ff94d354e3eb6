import {existsSync, mkdirSync, rmdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError, isIslanderError} from '../errors.js';
import type {OciLinuxResources} from '../runtime/oci.js';
import {describeErrno, fileExists, readKeyed, readNumber, readOptional, removeGroupDir, writeCgroupFile} from './files.js';
import {eventsSayFrozen, groupPids, waitForFreezer} from './freeze.js';
import {groupName} from './group-name.js';
import {ISLANDER_GROUP, V2_CONTROLLERS, type CgroupDriver, type CgroupHandle, type CgroupStats} from './types.js';
import {v2Writes} from './v2-translate.js';

const LABEL = 'cgroup v2';

/**
 * cgroup v2: one unified hierarchy. A controller's files appear in a group only when its parent lists the
 * controller in cgroup.subtree_control, so `create` enables them from the mount root down to `islander/`.
 *
 * Not written here: device rules. v2 has no devices.* files; isle-shim attaches a BPF program made from the
 * bundle's list to the group (src/cgroups/devices.ts), and it goes away with the group.
 * memory.oom.group stays at the kernel's 0 (an OOM kill takes one process, as on v1) unless the spec's `unified`
 * map sets it (`run --memory-oom-group`).
 */
export class V2Driver implements CgroupDriver {
  readonly version = 2 as const;

  constructor(private readonly mount: string) {}

  create(containerId: string, resources: OciLinuxResources): CgroupHandle {
    const name = groupName(containerId);
    const parent = join(this.mount, ISLANDER_GROUP);
    const dir = join(parent, name);
    let created = false;
    try {
      mkdirSync(parent, {recursive: true});
      const controllers = this.availableControllers();
      enableControllers(this.mount, controllers);
      enableControllers(parent, controllers);
      if (!existsSync(dir)) {
        mkdirSync(dir);
        created = true;
      }
      for (const entry of v2Writes(resources)) {
        // A kernel without swap accounting (swapaccount=0, no CONFIG_MEMCG_SWAP) has no memory.swap.* files; as on
        // v1 and in Docker, the swap limit is then dropped, or every `run -m` (default swap = memory) would fail.
        if (entry.file.startsWith('memory.swap.') && !fileExists(dir, entry.file)) continue;
        writeCgroupFile(LABEL, dir, entry.file, entry.value);
      }
    } catch (error) {
      if (created) rmdirSync(dir);
      if (isIslanderError(error)) throw error;
      throw new IslanderError('system', `${LABEL}: creating ${name} failed: ${describeErrno(error)}`, {cause: error});
    }
    return new V2Handle(dir);
  }

  open(containerId: string): CgroupHandle | undefined {
    const handle = this.handleFor(containerId);
    return existsSync(handle.paths[0]!) ? handle : undefined;
  }

  handleFor(containerId: string): CgroupHandle {
    return new V2Handle(join(this.mount, ISLANDER_GROUP, groupName(containerId)));
  }

  private availableControllers(): string[] {
    const offered = (readOptional(this.mount, 'cgroup.controllers') ?? '').trim().split(/\s+/);
    return V2_CONTROLLERS.filter((controller) => offered.includes(controller));
  }
}

/** One controller per write, so that a refusal names the controller the kernel would not enable. */
function enableControllers(dir: string, controllers: string[]): void {
  const enabled = (readOptional(dir, 'cgroup.subtree_control') ?? '').trim().split(/\s+/);
  for (const controller of controllers) {
    if (!enabled.includes(controller)) writeCgroupFile(LABEL, dir, 'cgroup.subtree_control', `+${controller}`);
  }
}

class V2Handle implements CgroupHandle {
  readonly paths: string[];

  constructor(private readonly dir: string) {
    this.paths = [dir];
  }

  addProcess(pid: number): void {
    try {
      writeFileSync(join(this.dir, 'cgroup.procs'), String(pid));
    } catch (error) {
      throw new IslanderError('system', `${LABEL}: moving process ${pid} into ${this.dir} failed: ${describeErrno(error)}`,
        {cause: error});
    }
  }

  get oomFile(): string {
    return join(this.dir, 'memory.events');
  }

  oomKillCount(): number {
    return readKeyed(this.dir, 'memory.events', 'oom_kill') ?? 0;
  }

  stats(): CgroupStats {
    const io = ioBytes(readOptional(this.dir, 'io.stat'));
    return {
      cpuUsageNs: (readKeyed(this.dir, 'cpu.stat', 'usage_usec') ?? 0) * 1000,
      memoryUsageBytes: readNumber(this.dir, 'memory.current') ?? 0,
      memoryLimitBytes: readNumber(this.dir, 'memory.max'),
      pidsCurrent: readNumber(this.dir, 'pids.current') ?? 0,
      ioReadBytes: io.read,
      ioWriteBytes: io.write,
    };
  }

  async freeze(): Promise<void> {
    writeCgroupFile(LABEL, this.dir, 'cgroup.freeze', '1');
    try {
      await waitForFreezer('freezing the container', () => eventsSayFrozen(readOptional(this.dir, 'cgroup.events')) === true);
    } catch (error) {
      writeCgroupFile(LABEL, this.dir, 'cgroup.freeze', '0');
      throw error;
    }
  }

  async thaw(): Promise<void> {
    writeCgroupFile(LABEL, this.dir, 'cgroup.freeze', '0');
    await waitForFreezer('thawing the container', () => eventsSayFrozen(readOptional(this.dir, 'cgroup.events')) !== true);
  }

  /** cgroup.freeze is what was asked; cgroup.events `frozen` lags behind it while tasks stop. */
  isFrozen(): boolean {
    return readOptional(this.dir, 'cgroup.freeze')?.trim() === '1';
  }

  pids(): number[] {
    return groupPids(this.dir);
  }

  async remove(): Promise<void> {
    await removeGroupDir(LABEL, this.dir);
  }
}

/** io.stat: "254:0 rbytes=4096 wbytes=0 rios=1 wios=0 ..." per device. */
function ioBytes(text: string | undefined): {read: number; write: number} {
  const totals = {read: 0, write: 0};
  for (const match of (text ?? '').matchAll(/\b([rw])bytes=(\d+)/g)) {
    if (match[1] === 'r') totals.read += Number(match[2]);
    else totals.write += Number(match[2]);
  }
  return totals;
}
