import {existsSync, mkdirSync, rmdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {IslanderError, isErrno, isIslanderError} from '../errors.js';
import type {OciLinuxResources} from '../runtime/oci.js';
import {
  describeErrno, fileExists, readCgroupFile, readKeyed, readNumber, readOptional, removeGroupDir, writeCgroupFile,
} from './files.js';
import {groupPids, parseFreezerState, waitForFreezer} from './freeze.js';
import {groupName} from './group-name.js';
import {ISLANDER_GROUP, type CgroupDriver, type CgroupHandle, type CgroupStats, type CgroupWrite,
  type V1Controller} from './types.js';
import {orderV1MemoryWrites, v1Writes} from './v1-translate.js';

/** v1 reports "no limit" as a page-aligned LONG_MAX; anything this large is no limit. */
const V1_UNLIMITED = 2 ** 62;

/** cgroup v1: one hierarchy per controller (or per group of co-mounted controllers, such as cpu,cpuacct). */
export class V1Driver implements CgroupDriver {
  readonly version = 1 as const;

  /** @param mounts where each controller's hierarchy is mounted; controllers the host lacks are absent. */
  constructor(private readonly mounts: ReadonlyMap<V1Controller, string>) {}

  create(containerId: string, resources: OciLinuxResources): CgroupHandle {
    const name = groupName(containerId);
    const dirs = this.dirsFor(name);
    const created: string[] = [];
    try {
      // The parents (islander/ in each hierarchy) exist after the first container: one mkdir per controller.
      for (const [controller, mount] of this.mounts) {
        const dir = dirs.get(controller) as string;
        let made = makeDir(dir);
        if (made === 'no-parent') {
          this.prepareParent(controller, mount);
          made = makeDir(dir);
        }
        if (made === 'made') created.push(dir);
      }
      const cpusetDir = dirs.get('cpuset');
      if (cpusetDir) {
        const parent = join(cpusetDir, '..');
        // A parent left uninitialised by an interrupted first start would give the group no CPUs at all.
        if (readCgroupFile(parent, 'cpuset.cpus').trim() === '') this.prepareParent('cpuset', this.mounts.get('cpuset')!);
        inheritCpuset(cpusetDir, parent);
      }
      this.apply(dirs, v1Writes(resources));
    } catch (error) {
      // A fresh group has no processes yet, so removing it cannot be busy.
      for (const dir of created.reverse()) rmdirSync(dir);
      if (isIslanderError(error)) throw error;
      throw new IslanderError('system', `cgroup v1: creating ${name} failed: ${describeErrno(error)}`, {cause: error});
    }
    return new V1Handle(dirs);
  }

  open(containerId: string): CgroupHandle | undefined {
    const dirs = this.dirsFor(groupName(containerId));
    const existing = new Map([...dirs].filter(([, dir]) => existsSync(dir)));
    return existing.size > 0 ? new V1Handle(existing) : undefined;
  }

  handleFor(containerId: string): CgroupHandle {
    return new V1Handle(this.dirsFor(groupName(containerId)));
  }

  private dirsFor(name: string): Map<V1Controller, string> {
    return new Map([...this.mounts].map(([controller, mount]) => [controller, join(mount, ISLANDER_GROUP, name)]));
  }

  /** `islander/` itself; a new cpuset group starts with no CPUs and no memory nodes, so it copies its parent's. */
  private prepareParent(controller: V1Controller, mount: string): void {
    const parent = join(mount, ISLANDER_GROUP);
    mkdirSync(parent, {recursive: true});
    if (controller === 'cpuset') inheritCpuset(parent, mount);
  }

  private apply(dirs: ReadonlyMap<V1Controller, string>, writes: CgroupWrite[]): void {
    const memoryDir = dirs.get('memory');
    const ordered = memoryDir && writes.some((entry) => entry.controller === 'memory')
      ? orderV1MemoryWrites(writes, readNumber(memoryDir, 'memory.limit_in_bytes') ?? V1_UNLIMITED)
      : writes;
    for (const entry of ordered) {
      const controller = entry.controller as V1Controller;
      const dir = dirs.get(controller);
      if (!dir) {
        throw new IslanderError('system', `cgroup v1: this host has no ${controller} controller, needed for ${entry.file}`,
          {suggestion: `mount the ${controller} hierarchy under /sys/fs/cgroup, or drop the flag that sets it`});
      }
      // Without swap accounting (swapaccount=0) there is no memsw file; Docker then ignores the swap limit too.
      if (entry.file.startsWith('memory.memsw.') && !fileExists(dir, entry.file)) continue;
      writeCgroupFile(`cgroup v1 ${controller}`, dir, entry.file, entry.value);
    }
  }
}

/** mkdir that tells apart a group that exists, one made now, and a missing parent. */
function makeDir(dir: string): 'made' | 'exists' | 'no-parent' {
  try {
    mkdirSync(dir);
    return 'made';
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return 'exists';
    if (isErrno(error, 'ENOENT')) return 'no-parent';
    throw error;
  }
}

function inheritCpuset(dir: string, parent: string): void {
  for (const file of ['cpuset.cpus', 'cpuset.mems']) {
    if (readCgroupFile(dir, file).trim() !== '') continue;
    writeCgroupFile('cgroup v1 cpuset', dir, file, readCgroupFile(parent, file).trim());
  }
}

class V1Handle implements CgroupHandle {
  readonly paths: string[];

  constructor(private readonly dirs: ReadonlyMap<V1Controller, string>) {
    this.paths = [...new Set(dirs.values())];
  }

  addProcess(pid: number): void {
    for (const dir of this.paths) {
      try {
        writeFileSync(join(dir, 'cgroup.procs'), String(pid));
      } catch (error) {
        throw new IslanderError('system', `cgroup v1: moving process ${pid} into ${dir} failed: ${describeErrno(error)}`,
          {cause: error});
      }
    }
  }

  get oomFile(): string | undefined {
    const dir = this.dirs.get('memory');
    return dir ? join(dir, 'memory.oom_control') : undefined;
  }

  oomKillCount(): number {
    const dir = this.dirs.get('memory');
    return dir ? readKeyed(dir, 'memory.oom_control', 'oom_kill') ?? 0 : 0;
  }

  stats(): CgroupStats {
    const dir = (controller: V1Controller): string => this.dirs.get(controller) ?? '/nonexistent';
    const limit = readNumber(dir('memory'), 'memory.limit_in_bytes');
    const io = blkioBytes(readOptional(dir('blkio'), 'blkio.throttle.io_service_bytes'));
    return {
      cpuUsageNs: readNumber(dir('cpuacct'), 'cpuacct.usage') ?? 0,
      memoryUsageBytes: readNumber(dir('memory'), 'memory.usage_in_bytes') ?? 0,
      memoryLimitBytes: limit === undefined || limit >= V1_UNLIMITED ? undefined : limit,
      pidsCurrent: readNumber(dir('pids'), 'pids.current') ?? 0,
      ioReadBytes: io.read,
      ioWriteBytes: io.write,
    };
  }

  async freeze(): Promise<void> {
    const dir = this.freezerDir();
    writeCgroupFile('cgroup v1 freezer', dir, 'freezer.state', 'FROZEN');
    try {
      await waitForFreezer('freezing the container', () => parseFreezerState(readOptional(dir, 'freezer.state')) === 'FROZEN');
    } catch (error) {
      // Half-frozen is the worst state to leave a container in.
      writeCgroupFile('cgroup v1 freezer', dir, 'freezer.state', 'THAWED');
      throw error;
    }
  }

  async thaw(): Promise<void> {
    const dir = this.freezerDir();
    writeCgroupFile('cgroup v1 freezer', dir, 'freezer.state', 'THAWED');
    await waitForFreezer('thawing the container', () => parseFreezerState(readOptional(dir, 'freezer.state')) === 'THAWED');
  }

  isFrozen(): boolean {
    const dir = this.dirs.get('freezer');
    const state = dir ? parseFreezerState(readOptional(dir, 'freezer.state')) : undefined;
    return state === 'FROZEN' || state === 'FREEZING';
  }

  /** Every controller's group holds the same processes; the first one's list is the list. */
  pids(): number[] {
    const dir = this.dirs.get('freezer') ?? this.dirs.get('pids') ?? this.paths[0];
    return dir ? groupPids(dir) : [];
  }

  private freezerDir(): string {
    const dir = this.dirs.get('freezer');
    if (!dir) {
      throw new IslanderError('system', 'cgroup v1: this host has no freezer controller, needed to pause a container',
        {suggestion: 'mount the freezer hierarchy under /sys/fs/cgroup'});
    }
    return dir;
  }

  async remove(): Promise<void> {
    for (const [controller, dir] of this.dirs) await removeGroupDir(`cgroup v1 ${controller}`, dir);
  }
}

/** blkio.throttle.io_service_bytes: "254:0 Read 4096" lines per device, and a "Total N" line. */
function blkioBytes(text: string | undefined): {read: number; write: number} {
  const totals = {read: 0, write: 0};
  for (const line of (text ?? '').split('\n')) {
    const [, operation, value] = line.trim().split(/\s+/);
    if (operation === 'Read') totals.read += Number(value);
    if (operation === 'Write') totals.write += Number(value);
  }
  return totals;
}
