import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {effectiveCapabilities, normalizeCapabilities} from '../../../src/container/capabilities.js';
import {DEFAULT_CAPABILITIES} from '../../../src/runtime/bundle.js';

/** Our own bounding set as a bit mask: no container can be given more. */
const ownMask = BigInt(`0x${/^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]}`);

describe('--cap-add and --cap-drop', () => {
  it("takes Docker's spellings: any case, with or without CAP_, comma lists, ALL", () => {
    expect(normalizeCapabilities(['net_admin', 'CAP_SYS_PTRACE,chown', 'all'], '--cap-add')).toEqual(['CAP_NET_ADMIN', 'CAP_SYS_PTRACE', 'CAP_CHOWN', 'ALL']);
    expect(() => normalizeCapabilities(['FLY'], '--cap-drop')).toThrow("unknown capability 'FLY' in --cap-drop");
  });

  it('drops from the defaults, then adds; ALL drops or adds every one we have ourselves', () => {
    const defaults = effectiveCapabilities([], []);
    expect(defaults.sort()).toEqual([...DEFAULT_CAPABILITIES].filter((name) => defaults.includes(name)).sort());
    expect(effectiveCapabilities(['CAP_NET_ADMIN'], ['CAP_CHOWN'])).toEqual(expect.arrayContaining(['CAP_NET_ADMIN']));
    expect(effectiveCapabilities(['CAP_NET_ADMIN'], ['CAP_CHOWN'])).not.toContain('CAP_CHOWN');
    expect(effectiveCapabilities(['CAP_KILL'], ['ALL'])).toEqual(['CAP_KILL']);
    expect(effectiveCapabilities(['ALL'], []).length).toBe([...ownMask.toString(2)].filter((bit) => bit === '1').length);
  });
});
