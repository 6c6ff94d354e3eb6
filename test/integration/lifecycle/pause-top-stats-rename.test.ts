import {describe, expect, it} from 'vitest';
import {cgroupDriver} from '../../../src/cgroups/index.js';
import {containerNamer, inspect, islander, startRun, until, waitForRunning} from '../helpers.js';

/**
 * pause/unpause, top, stats and rename on real containers: each test starts a foreground `islander run` in the
 * background whose shell appends a line to /counter every 50 ms, and reads that file with `exec`-free means:
 * the container's upper dir on the host (inspect's GraphDriver.Data.UpperDir). rm -f thaws a paused container,
 * so the namer's cleanup also works after a test failed half-way.
 */
const named = containerNamer();

const COUNTER = 'while true; do echo x >> /counter; sleep 0.05; done';

async function counterSize(name: string): Promise<number> {
  const details = await inspect(name) as unknown as {GraphDriver: {Data: {UpperDir: string}}};
  const {statSync} = await import('node:fs');
  try {
    return statSync(`${details.GraphDriver.Data.UpperDir}/counter`).size;
  } catch {
    return 0;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('pause, unpause, top, stats, rename', () => {
  it('pause stops the counter and shows paused in ps and inspect; unpause resumes it', async () => {
    const name = named('pause');
    const done = startRun(['--name', name, 'alpine-stress', 'sh', '-c', COUNTER]);
    await waitForRunning(name);
    await until(async () => (await counterSize(name)) > 0);

    const paused = await islander(['pause', name]);
    expect(paused.exitCode).toBe(0);
    expect(paused.stdout.trim()).toBe(name);
    const details = await inspect(name);
    expect(details.State.Status).toBe('paused');
    expect((details.State as unknown as {Paused: boolean}).Paused).toBe(true);
    expect(details.State.Running).toBe(false);
    const ps = await islander(['ps']);
    expect(ps.stdout).toMatch(new RegExp(`\\(Paused\\)\\s+${name}`));

    const frozenAt = await counterSize(name);
    await sleep(400);
    expect(await counterSize(name)).toBe(frozenAt);

    const again = await islander(['pause', name]);
    expect(again.exitCode).toBe(125);
    expect(again.stderr).toContain(`container '${name}' is already paused`);

    const resumed = await islander(['unpause', name]);
    expect(resumed.exitCode).toBe(0);
    expect((await inspect(name)).State.Status).toBe('running');
    await until(async () => (await counterSize(name)) > frozenAt);

    const notPaused = await islander(['unpause', name]);
    expect(notPaused.exitCode).toBe(125);
    expect(notPaused.stderr).toContain(`container '${name}' is not paused`);

    await islander(['rm', '-f', name]);
    await done;
  });

  it('rm -f removes a paused container (it is thawed so the kill lands)', async () => {
    const name = named('rm-paused');
    const done = startRun(['--name', name, 'alpine-stress', 'sh', '-c', COUNTER]);
    const {Id} = await waitForRunning(name);
    expect((await islander(['pause', name])).exitCode).toBe(0);
    const removed = await islander(['rm', '-f', name]);
    expect(removed.exitCode).toBe(0);
    await done;
    expect(cgroupDriver().open(Id)).toBeUndefined();
  });

  it('refuses to pause a container that is not running', async () => {
    const name = named('exited');
    expect((await islander(['run', '--name', name, 'alpine-stress', 'true'])).exitCode).toBe(0);
    const result = await islander(['pause', name]);
    expect(result.exitCode).toBe(125);
    expect(result.stderr).toContain(`container '${name}' is not running`);
    expect((await islander(['top', name])).exitCode).toBe(125);
  });

  it('top lists the processes of the container', async () => {
    const name = named('top');
    const done = startRun(['--name', name, 'alpine-stress', 'sh', '-c', 'sleep 300 & sleep 301 & wait']);
    const {State} = await waitForRunning(name);
    await until(async () => (await islander(['top', name])).stdout.includes('sleep 301'));
    const table = await islander(['top', name, 'aux']);
    expect(table.exitCode).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^PID\s+USER\s+TIME\s+CMD$/);
    const json = await islander(['top', '--format', 'json', name]);
    const processes = JSON.parse(json.stdout) as Array<{PID: number; USER: string; CMD: string}>;
    expect(processes.map((entry) => entry.CMD)).toEqual(expect.arrayContaining(['sleep 300', 'sleep 301', 'sh -c sleep 300 & sleep 301 & wait']));
    expect(processes.map((entry) => entry.PID)).toContain(State.Pid);
    expect(processes.every((entry) => entry.USER === 'root')).toBe(true);
    await islander(['rm', '-f', name]);
    await done;
  });

  it('stats --no-stream --format json shows the memory limit, pids and CPU use', async () => {
    const name = named('stats');
    const done = startRun(['--name', name, '-m', '100m', '--pids-limit', '20', 'alpine-stress', 'sh', '-c', 'sleep 300 & stress --cpu 1']);
    await waitForRunning(name);
    await until(async () => JSON.parse((await islander(['top', '--format', 'json', name])).stdout).length >= 3);
    const result = await islander(['stats', '--no-stream', '--format', 'json', name]);
    expect(result.exitCode).toBe(0);
    const [row] = JSON.parse(result.stdout) as Array<Record<string, string | number>>;
    expect(row!.Name).toBe(name);
    expect(row!.MemoryLimitBytes).toBe(100 * 1024 * 1024);
    expect(String(row!.MemUsage)).toMatch(/ \/ 100MiB$/);
    expect(row!.Pids).toBeGreaterThanOrEqual(3);
    expect(row!.CPUPercent as number).toBeGreaterThan(50);
    expect(row!.CPUPercent as number).toBeLessThan(130);

    const all = await islander(['stats', '--no-stream']);
    expect(all.stdout.split('\n')[0]).toMatch(/^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+BLOCK I\/O\s+PIDS$/);
    expect(all.stdout).toContain(name);
    await islander(['rm', '-f', name]);
    await done;
  });

  it('rename moves the name; the old one is free, a taken or invalid one is refused', async () => {
    const name = named('rename');
    const other = named('rename-other');
    const renamed = named('renamed');
    expect((await islander(['run', '--name', other, 'alpine-stress', 'true'])).exitCode).toBe(0);
    const done = startRun(['--name', name, 'alpine-stress', 'sh', '-c', COUNTER]);
    const {Id} = await waitForRunning(name);

    const taken = await islander(['rename', name, other]);
    expect(taken.exitCode).toBe(125);
    expect(taken.stderr).toContain(`the name '${other}' is already in use`);
    const invalid = await islander(['rename', name, 'bad/name']);
    expect(invalid.exitCode).toBe(125);
    expect(invalid.stderr).toContain("invalid container name 'bad/name'");

    expect((await islander(['rename', name, renamed])).exitCode).toBe(0);
    const details = await inspect(renamed);
    expect(details.Id).toBe(Id);
    expect(details.Name).toBe(`/${renamed}`);
    expect((await islander(['inspect', name])).exitCode).toBe(125);
    expect((await islander(['pause', renamed])).exitCode).toBe(0);
    expect((await islander(['unpause', renamed])).exitCode).toBe(0);

    // The container still owns its new name after it exits.
    await islander(['stop', '-t', '1', renamed]);
    await done;
    expect((await inspect(renamed)).Name).toBe(`/${renamed}`);
    // The old name is free for a new container.
    expect((await islander(['run', '--rm', '--name', name, 'alpine-stress', 'true'])).exitCode).toBe(0);
  });
});
