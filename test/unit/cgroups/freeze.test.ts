import {describe, expect, it} from 'vitest';
import {eventsSayFrozen, parseFreezerState, parseProcs} from '../../../src/cgroups/freeze.js';

describe('cgroup freezer file parsing', () => {
  it('reads v1 freezer.state', () => {
    expect(parseFreezerState('FROZEN\n')).toBe('FROZEN');
    expect(parseFreezerState('FREEZING\n')).toBe('FREEZING');
    expect(parseFreezerState('THAWED\n')).toBe('THAWED');
    expect(parseFreezerState('')).toBeUndefined();
    expect(parseFreezerState(undefined)).toBeUndefined();
  });

  it('reads the frozen key of v2 cgroup.events', () => {
    expect(eventsSayFrozen('populated 1\nfrozen 1\n')).toBe(true);
    expect(eventsSayFrozen('populated 1\nfrozen 0\n')).toBe(false);
    expect(eventsSayFrozen('populated 0\n')).toBeUndefined();
  });

  it('reads cgroup.procs: one pid a line, duplicates and blanks dropped', () => {
    expect(parseProcs('12\n7\n12\n\n')).toEqual([12, 7]);
    expect(parseProcs('')).toEqual([]);
    expect(parseProcs(undefined)).toEqual([]);
  });
});
