import {describe, expect, it} from 'vitest';
import {parseContainerFilters} from '../../../src/container/filters.js';
import type {ContainerRecord} from '../../../src/container/record.js';

const record = (name: string, status: string, exitCode: number, extra: Partial<{labels: Record<string, string>; image: string}> = {}) => ({
  id: `${name.padEnd(8, '0').replace(/[^0-9a-f]/g, 'a')}${'0'.repeat(56)}`,
  name,
  image: {id: 'cfc57702a566'.padEnd(64, '0'), name: extra.image ?? 'alpine-stress'},
  config: {labels: extra.labels ?? {}},
  hostConfig: {mounts: [{type: 'volume', name: 'data', destination: '/srv', readonly: false, noCopy: false}]},
  state: {status, exitCode},
}) as unknown as ContainerRecord;

const web = record('web', 'running', 0, {labels: {app: 'shop', tier: 'front'}});
const job = record('job', 'exited', 3, {image: 'tools:1'});
const names = (filters: string[]) => [web, job].filter((r) => parseContainerFilters(filters).matches(r)).map((r) => r.name);

describe('ps --filter', () => {
  it("matches Docker's keys: a key given twice matches either, different keys must all match", () => {
    expect(names([])).toEqual(['web', 'job']);
    expect(names(['status=exited'])).toEqual(['job']);
    expect(names(['status=exited', 'status=running'])).toEqual(['web', 'job']);
    expect(names(['status=running', 'label=app=shop'])).toEqual(['web']);
    expect(names(['status=exited', 'label=app'])).toEqual([]);
    expect(names(['label=tier'])).toEqual(['web']);
    expect(names(['name=^w', 'name=/jo'])).toEqual(['web', 'job']);
    expect(names(['exited=3'])).toEqual(['job']);
    expect(names(['ancestor=tools:1'])).toEqual(['job']);
    expect(names(['ancestor=alpine-stress'])).toEqual(['web']);
    expect(names(['ancestor=sha256:cfc577'])).toEqual(['web', 'job']);
    expect(names(['volume=data', 'id=' + web.id.slice(0, 6)])).toEqual(['web']);
  });

  it('looks at stopped containers for status and exited only', () => {
    expect(parseContainerFilters(['status=running']).impliesAll).toBe(true);
    expect(parseContainerFilters(['label=app']).impliesAll).toBe(false);
  });

  it('refuses unknown keys, empty values, unknown states and bad patterns', () => {
    expect(() => parseContainerFilters(['health=ok'])).toThrow("unknown --filter 'health=ok'");
    expect(() => parseContainerFilters(['name='])).toThrow("--filter 'name=' has no value");
    expect(() => parseContainerFilters(['status=sleeping'])).toThrow("invalid --filter status 'sleeping'");
    expect(() => parseContainerFilters(['exited=x'])).toThrow('invalid --filter exited');
    expect(() => parseContainerFilters(['name=('])).toThrow('not a regular expression');
  });
});
