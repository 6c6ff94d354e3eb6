import {describe, expect, it} from 'vitest';
import {MOUNT_WORD_FORMS} from '../../../src/cli/mount-words.js';
import {parseArgv, type CommandSpec} from '../../../src/cli/parse.js';
import {parseMountFlags} from '../../../src/container/mount-spec.js';
import {IslanderError} from '../../../src/errors.js';

const runSpec: CommandSpec = {
  id: 'run',
  strict: false,
  stopAtFirstArg: true,
  args: {image: {name: 'image', required: true}, command: {name: 'command'}},
  flags: {
    rm: {name: 'rm', type: 'boolean'},
    volume: {name: 'volume', type: 'option', char: 'v', multiple: true},
    mount: {name: 'mount', type: 'option', multiple: true},
    tmpfs: {name: 'tmpfs', type: 'option', multiple: true},
  },
};

const parse = (tokens: string[]) => parseArgv(runSpec, tokens, MOUNT_WORD_FORMS);

const mountsOf = (tokens: string[]) => {
  const {flags} = parse(tokens);
  return parseMountFlags({
    volumes: (flags.volume as string[] | undefined) ?? [],
    mounts: (flags.mount as string[] | undefined) ?? [],
    tmpfs: (flags.tmpfs as string[] | undefined) ?? [],
  });
};

describe('the original project\'s mount spellings', () => {
  it('rewrites --mount src X dst Y into Docker\'s single value', () => {
    const parsed = parse(['--mount', 'src', '/srv/data', 'dst', '/data', '--rm', 'img', 'sh']);
    expect(parsed.flags).toEqual({mount: ['type=bind,src=/srv/data,dst=/data'], rm: true});
    expect(parsed.argv).toEqual(['img', 'sh']);
  });

  it('rewrites --volume src NAME dst Y [ro] and -v in words', () => {
    expect(parse(['--volume', 'src', 'cache', 'dst', '/cache', 'img']).flags.volume).toEqual(['cache:/cache']);
    expect(parse(['-v', 'dst', '/c', 'src', 'cache', 'ro', 'img']).flags.volume).toEqual(['cache:/c:ro']);
  });

  it('rewrites --tmpfs dst Y size 2G nr_inodes 1k', () => {
    const parsed = parse(['--tmpfs', 'dst', '/scratch', 'size', '2G', 'nr_inodes', '1k', 'img', 'true']);
    expect(parsed.flags.tmpfs).toEqual(['/scratch:size=2G,nr_inodes=1k']);
    expect(parsed.argv).toEqual(['img', 'true']);
    expect(parse(['--tmpfs', 'dst', '/t', 'img']).flags.tmpfs).toEqual(['/t']);
  });

  it('leaves Docker\'s one-word values and the container\'s own argv alone', () => {
    const parsed = parse(['--tmpfs', '/t:size=1m', '-v', 'x:/x', 'img', '--tmpfs', 'dst', '/y']);
    expect(parsed.flags).toEqual({tmpfs: ['/t:size=1m'], volume: ['x:/x']});
    expect(parsed.argv).toEqual(['img', '--tmpfs', 'dst', '/y']);
  });

  it('produces the same mounts as Docker\'s syntax', () => {
    const words = mountsOf(['--mount', 'src', '/srv', 'dst', '/srv', '--volume', 'src', 'data', 'dst', '/data', '--tmpfs', 'dst', '/t', 'size', '2G', 'nr_inodes', '1k', 'img']);
    const docker = mountsOf(['--mount', 'type=bind,src=/srv,dst=/srv', '-v', 'data:/data', '--tmpfs', '/t:size=2g,nr_inodes=1024', 'img']);
    expect(words).toEqual(docker);
    expect(mountsOf(['--mount', 'type=volume,source=data,target=/data', 'img'])).toEqual(mountsOf(['-v', 'data:/data', 'img']));
    expect(words).toEqual([
      {type: 'volume', name: 'data', destination: '/data', readonly: false, noCopy: false},
      {type: 'bind', source: '/srv', destination: '/srv', readonly: false, propagation: 'rprivate', createSource: false},
      {type: 'tmpfs', destination: '/t', readonly: false, options: ['noexec', 'nosuid', 'nodev', `size=${2 * 1024 ** 3}`, 'nr_inodes=1024']},
    ]);
  });

  it('says what is missing when the words end early', () => {
    expect(() => parse(['--tmpfs', 'dst'])).toThrow(IslanderError);
    expect(() => parse(['--volume', 'src', 'x', 'img'])).toThrow(/needs both/);
  });
});
