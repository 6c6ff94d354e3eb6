import type {OciDevice, OciLinuxResources} from '../runtime/oci.js';

/**
 * The devices an isle may use, in one place: the cgroup driver enforces DEFAULT_DEVICE_RULES when a spec has no
 * linux.resources.devices of its own, and the bundle writer puts the same lists into config.json
 * (linux.resources.devices and linux.devices), so what the runtime creates and what the kernel allows agree.
 *
 * It is Docker's default set: deny everything, allow creating (mknod) any node but opening only the harmless
 * ones. /dev/net/tun (10:200) is deliberately left out, as in current Docker and runc.
 */
export type DeviceRule = NonNullable<OciLinuxResources['devices']>[number];

const CHAR = 'c' as const;

export const DEFAULT_DEVICE_RULES: readonly DeviceRule[] = Object.freeze([
  {allow: false, access: 'rwm'},
  {allow: true, type: CHAR, access: 'm'},                         // mknod of any character device
  {allow: true, type: 'b', access: 'm'},                          // mknod of any block device
  {allow: true, type: CHAR, major: 1, minor: 3, access: 'rwm'},   // /dev/null
  {allow: true, type: CHAR, major: 1, minor: 5, access: 'rwm'},   // /dev/zero
  {allow: true, type: CHAR, major: 1, minor: 7, access: 'rwm'},   // /dev/full
  {allow: true, type: CHAR, major: 1, minor: 8, access: 'rwm'},   // /dev/random
  {allow: true, type: CHAR, major: 1, minor: 9, access: 'rwm'},   // /dev/urandom
  {allow: true, type: CHAR, major: 5, minor: 0, access: 'rwm'},   // /dev/tty
  {allow: true, type: CHAR, major: 5, minor: 1, access: 'rwm'},   // /dev/console
  {allow: true, type: CHAR, major: 5, minor: 2, access: 'rwm'},   // /dev/ptmx
  {allow: true, type: CHAR, major: 136, access: 'rwm'},           // /dev/pts/*
]);

/** The nodes the runtime creates in the isle's /dev (console, ptmx and pts come from the devpts mount). */
export const DEFAULT_DEVICE_NODES: readonly OciDevice[] = Object.freeze([
  {path: '/dev/null', type: CHAR, major: 1, minor: 3, fileMode: 0o666, uid: 0, gid: 0},
  {path: '/dev/zero', type: CHAR, major: 1, minor: 5, fileMode: 0o666, uid: 0, gid: 0},
  {path: '/dev/full', type: CHAR, major: 1, minor: 7, fileMode: 0o666, uid: 0, gid: 0},
  {path: '/dev/random', type: CHAR, major: 1, minor: 8, fileMode: 0o666, uid: 0, gid: 0},
  {path: '/dev/urandom', type: CHAR, major: 1, minor: 9, fileMode: 0o666, uid: 0, gid: 0},
  {path: '/dev/tty', type: CHAR, major: 5, minor: 0, fileMode: 0o666, uid: 0, gid: 0},
]);

/** A rule in the cgroup v1 devices.allow/devices.deny syntax: "c 1:3 rwm", "a *:* rwm". */
export function deviceRuleLine(rule: DeviceRule): string {
  const major = rule.major === undefined || rule.major < 0 ? '*' : String(rule.major);
  const minor = rule.minor === undefined || rule.minor < 0 ? '*' : String(rule.minor);
  return `${rule.type ?? 'a'} ${major}:${minor} ${rule.access ?? 'rwm'}`;
}
