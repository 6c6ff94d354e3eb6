import {join} from 'node:path';
import {writeJsonAtomic} from '../util/atomic.js';
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
  hostname: string;
  terminal: boolean;
  /** The image's rootfs (overlay lower), the container's upper and work dirs. */
  layers: {lower: string; upper: string; work: string};
  /** Files bind-mounted onto /etc/hostname, /etc/hosts, /etc/resolv.conf. */
  etcFiles: {hostname: string; hosts: string; resolvConf: string};
  resources: OciLinuxResources;
  cgroupsPath: string;
  /** Whether the kernel has cgroup namespaces. */
  cgroupNamespace: boolean;
}

export const DEFAULT_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

const MASKED_PATHS = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];

const READONLY_PATHS = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

export function buildSpec(input: BundleInput): OciSpec {
  const {lower, upper, work} = input.layers;
  const mounts: OciMount[] = [
    // Islander's documented extension (runtime-c/PROTOCOL.md, "Bundle"): the "/" entry is mounted on root.path
    // inside the container's own mount namespace, so the rootfs mount vanishes with the container.
    {destination: '/', type: 'overlay', source: 'overlay', options: [`lowerdir=${lower}`, `upperdir=${upper}`, `workdir=${work}`]},
    {destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev']},
    {destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k']},
    {destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5']},
    {destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro']},
    {destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev']},
    {destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k']},
    {destination: '/etc/resolv.conf', type: 'bind', source: input.etcFiles.resolvConf, options: ['rbind', 'rprivate']},
    {destination: '/etc/hostname', type: 'bind', source: input.etcFiles.hostname, options: ['rbind', 'rprivate']},
    {destination: '/etc/hosts', type: 'bind', source: input.etcFiles.hosts, options: ['rbind', 'rprivate']},
  ];
  return {
    ociVersion: '1.2.0',
    process: {
      terminal: input.terminal,
      args: input.args,
      env: input.env,
      cwd: input.cwd,
      user: {uid: input.uid, gid: input.gid},
      capabilities: {
        bounding: DEFAULT_CAPABILITIES,
        effective: DEFAULT_CAPABILITIES,
        permitted: DEFAULT_CAPABILITIES,
      },
    },
    root: {path: 'rootfs', readonly: false},
    hostname: input.hostname,
    mounts,
    linux: {
      namespaces: [
        {type: 'pid'}, {type: 'network'}, {type: 'ipc'}, {type: 'uts'}, {type: 'mount'},
        ...(input.cgroupNamespace ? [{type: 'cgroup' as const}] : []),
      ],
      cgroupsPath: input.cgroupsPath,
      resources: input.resources,
      maskedPaths: MASKED_PATHS,
      readonlyPaths: READONLY_PATHS,
    },
  };
}

export function writeBundle(bundleDir: string, spec: OciSpec): void {
  writeJsonAtomic(join(bundleDir, 'config.json'), spec);
}
