import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {closeLogFiles, logFileNames, openLogFiles, tailPosition, type OpenLogFile} from '../../../src/container/log-files.js';

const dirs: string[] = [];
const opened: OpenLogFile[][] = [];
afterEach(() => {
  for (const files of opened.splice(0)) closeLogFiles(files);
  for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function logDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'islander-logfiles-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function open(dir: string): OpenLogFile[] {
  const files = openLogFiles(dir);
  opened.push(files);
  return files;
}

describe('log files', () => {
  it('orders rotated files oldest first, by number (10 is older than 9), the live file last', () => {
    const dir = logDir({'container.log': '', 'container.log.1': '', 'container.log.2': '', 'container.log.10': '',
      'container.log.9': '', 'container.json': '', 'container.log.tmp': ''});
    expect(logFileNames(dir)).toEqual(['container.log.10', 'container.log.9', 'container.log.2', 'container.log.1', 'container.log']);
  });

  it('has no files for a container that never wrote', () => {
    expect(logFileNames(logDir({}))).toEqual([]);
    expect(logFileNames('/nonexistent/islander')).toEqual([]);
  });
});

describe('tailPosition', () => {
  const files = {'container.log.2': 'a1\na2\n', 'container.log.1': 'b1\nb2\nb3\n', 'container.log': 'c1\nc2\npartial'};

  function tailText(lines: number): string {
    const dir = logDir(files);
    const list = open(dir);
    const start = tailPosition(list, lines);
    const names = list.map((file) => file.name);
    const texts = names.map((name) => files[name as keyof typeof files]);
    // Complete lines from the start position on (the partial line is not a line yet).
    const rest = texts[start.file]!.slice(start.offset) + texts.slice(start.file + 1).join('');
    return rest.slice(0, rest.lastIndexOf('\n') + 1);
  }

  it('counts lines from the end across rotated files, ignoring the unfinished line', () => {
    expect(tailText(1)).toBe('c2\n');
    expect(tailText(2)).toBe('c1\nc2\n');
    expect(tailText(3)).toBe('b3\nc1\nc2\n');
    expect(tailText(5)).toBe('b1\nb2\nb3\nc1\nc2\n');
    expect(tailText(6)).toBe('a2\nb1\nb2\nb3\nc1\nc2\n');
    expect(tailText(7)).toBe('a1\na2\nb1\nb2\nb3\nc1\nc2\n');
    expect(tailText(100)).toBe('a1\na2\nb1\nb2\nb3\nc1\nc2\n');
  });

  it('starts after the last complete line for --tail 0', () => {
    const list = open(logDir(files));
    expect(tailPosition(list, 0)).toEqual({file: 2, offset: 6});
  });

  it('finds lines across block boundaries in a large file', () => {
    const lines = Array.from({length: 50_000}, (_, index) => `line ${index}\n`);
    const list = open(logDir({'container.log': lines.join('')}));
    const start = tailPosition(list, 12_345);
    expect(start.file).toBe(0);
    expect(start.offset).toBe(lines.slice(0, 50_000 - 12_345).join('').length);
  });

  it('is the start when there are no files', () => {
    expect(tailPosition([], 10)).toEqual({file: 0, offset: 0});
  });
});
