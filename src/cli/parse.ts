import {usageError} from '../errors.js';
import type {WordForm} from './mount-words.js';

/**
 * Islander's argv parser. It reads flag definitions in the shape of oclif's manifest (the same data oclif's own
 * help renders), so the command classes stay the single source of truth for flags. It exists because Docker's
 * grammar needs two things oclif's parser does not give: flags stop at the first positional argument of
 * `run`/`exec` (`islander run img sh -c 'x'` must pass `-c` to sh), and combined short booleans (`-it`, `-dit`).
 * It also keeps oclif off the `run` hot path.
 */
export interface FlagSpec {
  name: string;
  type: 'boolean' | 'option';
  char?: string;
  aliases?: string[];
  multiple?: boolean;
  allowNo?: boolean;
}

export interface ArgSpec {
  name: string;
  required?: boolean;
}

export interface CommandSpec {
  id: string;
  flags: Record<string, FlagSpec>;
  args: Record<string, ArgSpec>;
  /** Extra positionals allowed after the named args (oclif's `strict: false`). */
  strict?: boolean;
  /** Docker's rule for run/exec/create: everything after the first positional is the container's argv. */
  stopAtFirstArg?: boolean;
}

export type FlagValue = string | boolean | string[];

export interface ParsedArgv {
  flags: Record<string, FlagValue | undefined>;
  args: Record<string, string | undefined>;
  /** All positionals in order, named ones included. */
  argv: string[];
}

/**
 * `wordForms` (by flag name) let a flag take its value from several words, as the original project's
 * `--tmpfs dst /x size 2G` spelling does (src/cli/mount-words.ts).
 */
export function parseArgv(spec: CommandSpec, tokens: readonly string[], wordForms: Record<string, WordForm> = {}): ParsedArgv {
  const byLong = new Map<string, FlagSpec>();
  const byChar = new Map<string, FlagSpec>();
  for (const flag of Object.values(spec.flags)) {
    byLong.set(flag.name, flag);
    for (const alias of flag.aliases ?? []) byLong.set(alias, flag);
    if (flag.char) byChar.set(flag.char, flag);
  }

  const flags: Record<string, FlagValue | undefined> = {};
  const positionals: string[] = [];
  const set = (flag: FlagSpec, value: string | boolean): void => {
    if (flag.multiple) {
      const list = (flags[flag.name] as string[] | undefined) ?? [];
      list.push(String(value));
      flags[flag.name] = list;
    } else {
      flags[flag.name] = value;
    }
  };
  const commandHint = `see 'islander ${spec.id.replaceAll(':', ' ')} --help'`;

  let index = 0;
  const takeValue = (shown: string, flag: FlagSpec): string => {
    const words = wordForms[flag.name]?.(tokens, index + 1);
    if (words) {
      index = words.next - 1;
      return words.value;
    }
    const value = tokens[++index];
    if (value === undefined) throw usageError(`flag ${shown} needs a value`, commandHint);
    return value;
  };

  for (; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (token === '--') {
      positionals.push(...tokens.slice(index + 1));
      break;
    }
    if (token.startsWith('--') && token.length > 2) {
      const eq = token.indexOf('=');
      const name = eq === -1 ? token.slice(2) : token.slice(2, eq);
      let flag = byLong.get(name);
      let negated = false;
      if (!flag && name.startsWith('no-')) {
        const positive = byLong.get(name.slice(3));
        if (positive?.type === 'boolean' && positive.allowNo) [flag, negated] = [positive, true];
      }
      if (!flag) throw usageError(`unknown flag --${name}`, commandHint);
      if (flag.type === 'boolean') {
        if (eq !== -1) set(flag, parseBoolean(token.slice(eq + 1), `--${name}`));
        else set(flag, !negated);
      } else {
        set(flag, eq === -1 ? takeValue(`--${name}`, flag) : token.slice(eq + 1));
      }
      continue;
    }
    if (token.startsWith('-') && token.length > 1 && !/^-\d/.test(token)) {
      // A group of short flags: booleans may be combined (-it); an option flag takes the rest of the group
      // (-m500m) or the next token (-m 500m).
      for (let at = 1; at < token.length; at++) {
        const char = token[at]!;
        const flag = byChar.get(char);
        if (!flag) throw usageError(`unknown flag -${char}`, commandHint);
        if (flag.type === 'boolean') {
          set(flag, true);
          continue;
        }
        const rest = token.slice(at + 1).replace(/^=/, '');
        set(flag, rest !== '' ? rest : takeValue(`-${char}`, flag));
        break;
      }
      continue;
    }
    positionals.push(token);
    if (spec.stopAtFirstArg) {
      positionals.push(...tokens.slice(index + 1));
      break;
    }
  }

  const argNames = Object.keys(spec.args);
  const args: Record<string, string | undefined> = {};
  argNames.forEach((name, position) => {
    args[name] = positionals[position];
    if (positionals[position] === undefined && spec.args[name]!.required) {
      throw usageError(`'islander ${spec.id.replaceAll(':', ' ')}' needs ${name.toUpperCase()}`, commandHint);
    }
  });
  if (spec.strict !== false && positionals.length > argNames.length) {
    throw usageError(`unexpected argument '${positionals[argNames.length]}'`, commandHint);
  }
  return {flags, args, argv: positionals};
}

function parseBoolean(value: string, shown: string): boolean {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw usageError(`flag ${shown} takes true or false, not '${value}'`);
}
