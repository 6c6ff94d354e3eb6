import {spawn} from 'node:child_process';
import {describe, expect, it} from 'vitest';
import {cliPath, containerNamer, inspect, islander, testRoot} from '../helpers.js';

const named = containerNamer();

/** Runs the CLI on a real terminal (util-linux `script` gives it a pty), feeding `input` once `ready` shows. */
function onTerminal(args: string[], options: {rows: number; cols: number; ready?: string; input?: string}): Promise<{code: number; output: string}> {
  const command = `stty rows ${options.rows} cols ${options.cols}; exec ${process.execPath} ${cliPath} ${args.map((arg) => `'${arg}'`).join(' ')}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], {env: {...process.env, ISLANDER_ROOT: testRoot()}, stdio: ['pipe', 'pipe', 'inherit']});
  let output = '';
  let fed = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (!fed && options.ready && output.includes(options.ready)) {
      fed = true;
      child.stdin.write(options.input ?? '');
    }
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({code: code ?? -1, output: output.replace(/\r/g, '')})));
}

describe('run -it on a real terminal', () => {
  it("gives the container's pty our terminal's size from the start", async () => {
    const {code, output} = await onTerminal(['run', '--rm', '-it', 'alpine-stress', 'stty', 'size'], {rows: 33, cols: 101});
    expect(code).toBe(0);
    expect(output.trim()).toBe('33 101');
  });

  it('detaches with ctrl-p ctrl-q and leaves the container running', async () => {
    const name = named('detach');
    const {code, output} = await onTerminal(['run', '-it', '--name', name, 'alpine-stress', 'sh', '-c', 'echo ready; sleep 60'],
      {rows: 24, cols: 80, ready: 'ready', input: '\x10\x11'});
    expect(code).toBe(0);
    expect(output).toContain('detached');
    expect((await inspect(name)).State.Running).toBe(true);
    expect((await islander(['rm', '-f', name])).exitCode).toBe(0);
  });
});
