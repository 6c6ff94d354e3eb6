import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it, onTestFinished} from 'vitest';
import {containerNamer, islander, removeQuietly, repo, safeName} from '../helpers.js';

const named = containerNamer();

/** `--format` Go templates, as scripts written for docker use them. */
describe('--format templates', () => {
  it('ps, inspect, images and volume ls/inspect render Go templates; `table` aligns columns under Docker\'s headers', async () => {
    const name = named('formatted');
    const volume = safeName('fmt-vol');
    onTestFinished(async () => {
      await removeQuietly(name);
      await islander(['volume', 'rm', volume]);
    });
    expect((await islander(['run', '--name', name, '-v', `${volume}:/data`, 'alpine-stress', 'sh', '-c', 'exit 3'])).exitCode).toBe(3);

    const ps = await islander(['ps', '-a', '--format', '{{.Names}}|{{.State}}|{{.Command}}|{{.Mounts}}']);
    expect(ps.stdout.split('\n')).toContain(`${name}|exited|"sh -c exit 3"|${volume}`);
    const table = await islander(['ps', '-a', '--format', 'table {{.Names}}\\t{{.Status}}']);
    const [header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^NAMES {3,}STATUS$/);
    const row = rows.find((line) => line.startsWith(`${name} `))!;
    expect(row).toMatch(/Exited \(3\)/);
    expect(row.indexOf('Exited')).toBe(header!.indexOf('STATUS'));

    const inspected = await islander(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}} {{json .Config.Cmd}}{{range .Mounts}} {{.Destination}}{{end}}', name]);
    expect(inspected).toMatchObject({exitCode: 0, stdout: 'exited 3 ["sh","-c","exit 3"] /data\n'});
    expect((await islander(['images', '--format', '{{.Repository}}:{{.Tag}}'])).stdout.split('\n')).toContain('alpine-stress:latest');
    expect((await islander(['image', 'inspect', '--format', '{{.Os}}/{{.Architecture}}', 'alpine-stress'])).stdout).toBe('linux/amd64\n');
    expect((await islander(['volume', 'ls', '--format', '{{.Name}} {{.Driver}}'])).stdout.split('\n')).toContain(`${volume} local`);
    expect((await islander(['volume', 'inspect', '-f', '{{.Name}}', volume])).stdout).toBe(`${volume}\n`);
  });

  it('stats --no-stream renders a template per container', async () => {
    const name = named('sampled');
    expect((await islander(['run', '-d', '--name', name, 'alpine-stress', 'sleep', '60'])).exitCode).toBe(0);
    const stats = await islander(['stats', '--no-stream', '--format', '{{.Name}} {{.PIDs}} {{.MemUsage}}', name]);
    expect(stats).toMatchObject({exitCode: 0, stdout: expect.stringMatching(new RegExp(`^${name} 1 \\S+ / \\S+\\n$`))});
  });

  it('version and info answer in text, JSON or a template', async () => {
    const {version} = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {version: string};
    expect((await islander(['version', '--format', '{{.Version}}'])).stdout).toBe(`${version}\n`);
    const info = JSON.parse((await islander(['info', '--format', 'json'])).stdout) as {CgroupVersion: string; Driver: string; OSType: string};
    expect(info).toMatchObject({CgroupVersion: expect.stringMatching(/^[12]$/), Driver: expect.stringMatching(/^(overlay|vfs)$/), OSType: 'linux'});
    expect((await islander(['info'])).stdout).toMatch(/^Server Version: .*\nContainers: \d+\n Running: \d+\n[\s\S]*Cgroup Version: [12]\n/);
  });

  it('refuses a template it cannot read in one line, exit 125, printing nothing else', async () => {
    const result = await islander(['ps', '-a', '--format', '{{.Names']);
    expect(result).toMatchObject({exitCode: 125, stdout: ''});
    expect(result.stderr).toBe("islander: the --format template '{{.Names' cannot be used: an action has no closing }}; see Go's text/template, or use --format json\n");
  });
});
