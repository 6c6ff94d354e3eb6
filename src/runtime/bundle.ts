import {join} from 'node:path';
import {effectiveDeviceRules} from '../cgroups/devices.js';
import {writeRuntimeFile} from '../util/atomic.js';
import type {OciLinuxResources, OciMount, OciSpec} from './oci.js';

/**
 * Writes the OCI bundle (config.json) that isle-init runs. The defaults are Docker's: its mounts, masked and
 * read-only paths and capability set, so that a process behaves as it would under `docker run`.
 */
export interface BundleInput {
  args: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  /** Supplementary groups (the user's groups in the image's /etc/group). */
  additionalGids?: number[];
  hostname: string;
  terminal: boolean;
  /** The attached terminal's size at start, so the pty has it before the process runs. */
  consoleSize?: {height: number; width: number};
  /** The image's layer roots (overlay lowerdir, top first) with the container's upper and work dirs (`volatile`:
   * no syncs to them); or, with the copying storage driver (no overlayfs), the container's private copy of the
   * layers, bind-mounted as "/". */
  layers: {lower: string[]; upper: string; work: string; volatile?: boolean} | {copy: string};
  /** Files bind-mounted onto /etc/hostname, /etc/hosts, /etc/resolv.conf. */
  etcFiles: {hostname: string; hosts: string; resolvConf: string};
  resources: OciLinuxResources;
  cgroupsPath: string;
  /** Whether the kernel has cgroup namespaces. */
  cgroupNamespace: boolean;
  /** --network host: no network namespace of its own. */
  hostNetwork?: boolean;
  /** The process's capabilities (bounding, effective, permitted); default DEFAULT_CAPABILITIES. */
  capabilities?: readonly string[];
  /** process.rlimits (--ulimit), linux.sysctl (--sysctl), and /dev/shm's size in bytes (default 64 MiB). */
  rlimits?: Array<{type: string; soft: number; hard: number}>;
  sysctl?: Record<string, string>;
  shmSize?: number;
  /** -v, --mount and --tmpfs, parents first; one on a default destination (/dev/shm, /etc/hosts) replaces it. */
  userMounts?: OciMount[];
  /** --read-only: root.readonly; /dev, /dev/shm and the /etc files keep their own mounts, writable. */
  readonlyRootfs?: boolean;
}

/** /dev/shm's size when --shm-size does not say: Docker's 64 MiB. */
export const DEFAULT_SHM_SIZE = 64 * 1024 * 1024;

export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];

const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

function rootMount(layers: BundleInput['layers']): OciMount {
  if ('copy' in layers) return {destination: '/', type: 'bind', source: layers.copy, options: ['rbind', 'rprivate']};
  const {lower, upper, work} = layers;
  const options = [`lowerdir=${lower.join(':')}`, `upperdir=${upper}`, `workdir=${work}`];
  if (layers.volatile) options.push('volatile');
  return {destination: '/', type: 'overlay', source: 'overlay', options};
}

export function buildSpec(input: BundleInput): OciSpec {
  const capabilities = input.capabilities ?? DEFAULT_CAPABILITIES;
  const systemMounts: OciMount[] = [
    // Islander's documented extension (runtime-c/PROTOCOL.md, "Bundle"): the "/" entry is mounted on root.path
    // inside the container's own mount namespace, so the rootfs mount vanishes with the container.
    rootMount(input.layers),
    {destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev']},
    {destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k']},
    {destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5']},
    {destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro']},
    {destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev']},
    {destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', `size=${input.shmSize ?? DEFAULT_SHM_SIZE}`]},
  ];
  const etcMounts: OciMount[] = [
    {destination: '/etc/resolv.conf', type: 'bind', source: input.etcFiles.resolvConf, options: ['rbind', 'rprivate']},
    {destination: '/etc/hostname', type: 'bind', source: input.etcFiles.hostname, options: ['rbind', 'rprivate']},
    {destination: '/etc/hosts', type: 'bind', source: input.etcFiles.hosts, options: ['rbind', 'rprivate']},
  ];
  // User mounts come after the system ones and before the /etc files, so a volume on /etc still gets them.
  const userMounts = input.userMounts ?? [];
  const replaced = new Set(userMounts.map((mount) => mount.destination));
  const mounts = [...systemMounts.filter((m) => !replaced.has(m.destination)), ...userMounts, ...etcMounts.filter((m) => !replaced.has(m.destination))];
  return {
    ociVersion: '1.2.0',
    process: {
      terminal: input.terminal,
      ...(input.terminal && input.consoleSize ? {consoleSize: input.consoleSize} : {}),
      args: input.args,
      env: input.env,
      cwd: input.cwd,
      user: {uid: input.uid, gid: input.gid, ...(input.additionalGids ? {additionalGids: input.additionalGids} : {})},
      capabilities: {
        bounding: [...capabilities],
        effective: [...capabilities],
        permitted: [...capabilities],
      },
      ...(input.rlimits && input.rlimits.length > 0 ? {rlimits: input.rlimits} : {}),
    },
    root: {path: 'rootfs', readonly: input.readonlyRootfs === true},
    hostname: input.hostname,
    mounts,
    linux: {
      namespaces: [
        {type: 'pid'}, ...(input.hostNetwork ? [] : [{type: 'network' as const}]), {type: 'ipc'}, {type: 'uts'}, {type: 'mount'},
        ...(input.cgroupNamespace ? [{type: 'cgroup' as const}] : []),
      ],
      cgroupsPath: input.cgroupsPath,
      ...(input.sysctl && Object.keys(input.sysctl).length > 0 ? {sysctl: input.sysctl} : {}),
      // Always the effective list, default included: on cgroup v2 isle-shim enforces exactly what it reads here.
      resources: {...input.resources, devices: [...effectiveDeviceRules(input.resources.devices)]},
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
      // A bind that asks for shared or slave propagation must stay connected to the host's mount: the
      // namespace's copy of `/` becomes a slave instead of private (isle-init turns the new mounts into slaves
      // at pivot_root anyway, so a shared bind receives the host's mounts and sends none back).
      ...(userMounts.some(followsHost) ? {rootfsPropagation: 'rslave'} : {}),
    },
  };
}

function followsHost(mount: OciMount): boolean {
  return mount.type === 'bind' && (mount.options ?? []).some((option) => /^r?(shared|slave)$/.test(option));
}

export function writeBundle(bundleDir: string, spec: OciSpec): void {
  writeRuntimeFile(join(bundleDir, 'config.json'), JSON.stringify(spec, null, 2) + '\n');
}
