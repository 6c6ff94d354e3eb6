import {describe, expect, it} from 'vitest';
import {usageMessage} from '../usage-error.js';
import {parseArgv, type CommandSpec} from '../../../src/cli/parse.js';

const runSpec: CommandSpec = {
  id: 'run',
  strict: false,
  stopAtFirstArg: true,
  args: {image: {name: 'image', required: true}, command: {name: 'command'}},
  flags: {
    name: {name: 'name', type: 'option'},
    rm: {name: 'rm', type: 'boolean'},
    env: {name: 'env', type: 'option', char: 'e', multiple: true},
    memory: {name: 'memory', type: 'option', char: 'm', aliases: ['memory-in-bytes']},
    interactive: {name: 'interactive', type: 'boolean', char: 'i'},
    tty: {name: 'tty', type: 'boolean', char: 't'},
    hostname: {name: 'hostname', type: 'option', char: 'h'},
  },
};

describe('parseArgv', () => {
  it('stops at the first positional so the container gets its own flags', () => {
    const parsed = parseArgv(runSpec, ['--rm', '-m', '500m', 'alpine', 'sh', '-c', 'echo --rm -m']);
    expect(parsed.flags).toEqual({rm: true, memory: '500m'});
    expect(parsed.argv).toEqual(['alpine', 'sh', '-c', 'echo --rm -m']);
    expect(parsed.args).toEqual({image: 'alpine', command: 'sh'});
  });

  it('accepts --flag=value, -xVALUE, combined short booleans and repeated flags', () => {
    const parsed = parseArgv(runSpec, ['-it', '--name=web', '-m500m', '-e', 'A=1', '-eB=2', '--env', 'C', 'img']);
    expect(parsed.flags).toEqual({interactive: true, tty: true, name: 'web', memory: '500m', env: ['A=1', 'B=2', 'C']});
  });

  it('maps long aliases to their flag', () => {
    expect(parseArgv(runSpec, ['--memory-in-bytes', '1048576', 'img']).flags.memory).toBe('1048576');
  });

  it('lets a short option end a boolean group (-itm 4m)', () => {
    expect(parseArgv(runSpec, ['-itm', '4m', 'img']).flags).toEqual({interactive: true, tty: true, memory: '4m'});
  });

  it('treats everything after -- as positionals', () => {
    expect(parseArgv(runSpec, ['--', '--rm']).argv).toEqual(['--rm']);
  });

  it('refuses unknown flags, missing values and missing arguments with exit 125', () => {
    expect(usageMessage(() => parseArgv(runSpec, ['--bogus', 'img']))).toBe('unknown flag --bogus');
    expect(usageMessage(() => parseArgv(runSpec, ['-x', 'img']))).toBe('unknown flag -x');
    expect(usageMessage(() => parseArgv(runSpec, ['--name']))).toBe('flag --name needs a value');
    expect(usageMessage(() => parseArgv(runSpec, ['--rm']))).toBe("'islander run' needs IMAGE");
  });

  it('refuses extra positionals for strict commands', () => {
    const strict: CommandSpec = {id: 'image:rm', args: {image: {name: 'image', required: true}}, flags: {}};
    expect(usageMessage(() => parseArgv(strict, ['a', 'b']))).toBe("unexpected argument 'b'");
  });

  it('takes --flag=true|false for booleans and refuses other values', () => {
    expect(parseArgv(runSpec, ['--rm=false', 'img']).flags.rm).toBe(false);
    expect(usageMessage(() => parseArgv(runSpec, ['--rm=yes', 'img']))).toContain("takes true or false");
  });
});
