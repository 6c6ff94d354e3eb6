import type {OciLinuxResources} from '../runtime/oci.js';

/**
 * The devices an isle may open, in one place: effectiveDeviceRules decides the list (the spec's own
 * linux.resources.devices, or DEFAULT_DEVICE_RULES), and both enforcers get that same list. The cgroup v1 driver
 * writes it to devices.deny/devices.allow; on cgroup v2, which has no devices.* files, the bundle carries it and
 * isle-shim compiles it into a BPF_PROG_TYPE_CGROUP_DEVICE program on the group (runtime-c/PROTOCOL.md, "Device
 * rules on cgroup v2"). The runtime creates the OCI default nodes (null, zero, full, random, urandom, tty) in the
 * isle's /dev itself, and this list allows exactly those plus the terminal devices.
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

/** The rules an isle runs with: the spec's own (even an empty list, which denies every device), or the default. */
export function effectiveDeviceRules(devices: OciLinuxResources['devices']): readonly DeviceRule[] {
  return devices ?? DEFAULT_DEVICE_RULES;
}

/** A rule in the cgroup v1 devices.allow/devices.deny syntax: "c 1:3 rwm", "a *:* rwm". */
export function deviceRuleLine(rule: DeviceRule): string {
  const major = rule.major === undefined || rule.major < 0 ? '*' : String(rule.major);
  const minor = rule.minor === undefined || rule.minor < 0 ? '*' : String(rule.minor);
  return `${rule.type ?? 'a'} ${major}:${minor} ${rule.access ?? 'rwm'}`;
}
