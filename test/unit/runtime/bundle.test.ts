import {describe, expect, it} from 'vitest';
import {DEFAULT_DEVICE_RULES} from '../../../src/cgroups/devices.js';
import {v1Writes} from '../../../src/cgroups/v1-translate.js';
import {buildSpec, type BundleInput} from '../../../src/runtime/bundle.js';
import type {OciLinuxResources} from '../../../src/runtime/oci.js';

function input(resources: OciLinuxResources): BundleInput {
  return {
    args: ['sh'], env: [], cwd: '/', uid: 0, gid: 0, hostname: 'h', terminal: false,
    layers: {copy: '/c'}, etcFiles: {hostname: '/e/h', hosts: '/e/hosts', resolvConf: '/e/r'},
    resources, cgroupsPath: 'islander/x', cgroupNamespace: true,
  };
}

/** The cgroup v1 driver's device lines, back as OCI rules, to compare with what the bundle carries. */
function v1DeviceRules(resources: OciLinuxResources): string[] {
  return v1Writes(resources).filter((entry) => entry.controller === 'devices').map((entry) => `${entry.file} ${entry.value}`);
}

describe('buildSpec: linux.resources.devices', () => {
  it('carries the default rules when the spec has none, as the v1 driver writes them', () => {
    const spec = buildSpec(input({memory: {limit: 1 << 20}}));
    expect(spec.linux?.resources?.devices).toEqual(DEFAULT_DEVICE_RULES);
    expect(spec.linux?.resources?.memory).toEqual({limit: 1 << 20});
    expect(v1DeviceRules(spec.linux!.resources!)).toEqual(v1DeviceRules({}));
  });

  it('carries the spec\'s own rules unchanged, an empty list included', () => {
    const own = [{allow: false, access: 'rwm'}, {allow: true, type: 'c' as const, major: 1, minor: 11, access: 'rw'}];
    expect(buildSpec(input({devices: own})).linux?.resources?.devices).toEqual(own);
    expect(buildSpec(input({devices: []})).linux?.resources?.devices).toEqual([]);
    expect(v1DeviceRules({devices: []})).toEqual([]);
  });
});
