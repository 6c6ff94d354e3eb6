import {readFileSync} from 'node:fs';
import {usageError} from '../errors.js';
import {DEFAULT_CAPABILITIES} from '../runtime/bundle.js';

/** Every capability the runtime knows (runtime-c/init/names.c), in the kernel's order. */
const ALL_CAPABILITIES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/** --cap-add/--cap-drop values as Docker takes them: any case, with or without CAP_, or ALL. */
export function normalizeCapabilities(values: readonly string[], flag: '--cap-add' | '--cap-drop'): string[] {
  if (values.length === 0) return [];
  const own = ownBoundingSet();
  return values.flatMap((value) => value.split(',')).map((value) => {
    const upper = value.trim().toUpperCase();
    if (upper === 'ALL') return 'ALL';
    const name = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
    if (!ALL_CAPABILITIES.includes(name)) throw usageError(`unknown capability '${value}' in ${flag}`, 'use a name such as NET_ADMIN or SYS_PTRACE, or ALL');
    if (flag === '--cap-add' && !own.has(name)) {
      throw usageError(`${name} cannot be added: islander itself runs without it (its capability bounding set lacks it)`, 'run islander where it has that capability, or leave it out');
    }
    return name;
  });
}

/**
 * The container's capabilities, by Docker's rule: the defaults without the dropped ones (ALL drops every one),
 * then the added ones (ALL adds every one). Kept in the kernel's order.
 */
export function effectiveCapabilities(capAdd: readonly string[], capDrop: readonly string[]): string[] {
  const base = capDrop.includes('ALL') ? [] : DEFAULT_CAPABILITIES.filter((name) => !capDrop.includes(name));
  const added = capAdd.includes('ALL') ? ALL_CAPABILITIES : capAdd;
  const wanted = new Set([...base, ...added]);
  // What we do not have ourselves no container can get (capset would refuse): ALL means all we have.
  const own = ownBoundingSet();
  return ALL_CAPABILITIES.filter((name) => wanted.has(name) && own.has(name));
}

/** The capabilities in our own bounding set (/proc/self/status CapBnd), by name. */
function ownBoundingSet(): Set<string> {
  const hex = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  const mask = hex === undefined ? 0n : BigInt(`0x${hex}`);
  return new Set(ALL_CAPABILITIES.filter((_name, bit) => (mask >> BigInt(bit)) & 1n));
}
