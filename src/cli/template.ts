import {usageError} from '../errors.js';

/**
 * The part of Go's text/template that `docker ... --format` users write, so their scripts carry over:
 *
 *   {{.State.Status}}   {{json .Config.Env}}   {{index .Config.Labels "app"}}   {{join .Args " "}}
 *   {{range .Mounts}}{{.Source}} {{end}}   {{if .State.Running}}up{{else if .State.Paused}}paused{{else}}down{{end}}
 *   {{with .State}}...{{end}}
 *   {{- trims -}}   pipes {{.Name | upper}}   printf, len, lower, upper, title, split, eq, ne, not, and, or
 *
 * Values print as Go prints them: a missing field is `<no value>`, a list `[a b]`, a map `map[k:v]`. Anything
 * else (variables, define/template/block, comments aside) is refused as a usage error naming --format json.
 */
export type Template = (data: unknown) => string;

type Node =
  | {kind: 'text'; text: string}
  | {kind: 'action'; pipeline: Command[]}
  | {kind: 'range' | 'with' | 'if'; pipeline: Command[]; body: Node[]; otherwise: Node[]};

/** One stage of a pipeline: a function and its arguments, or a single operand. */
interface Command {
  name: string | undefined;
  args: Operand[];
}

type Operand =
  | {kind: 'field'; path: string[]}
  | {kind: 'literal'; value: unknown}
  | {kind: 'group'; pipeline: Command[]};

const MISSING = Symbol('no value');

export function compileTemplate(source: string): Template {
  const tokens = tokenize(source);
  let at = 0;
  /** Nodes up to one of `terminators`; an {{else if X}} comes back as `elseIf: X`. */
  const parseList = (terminators: readonly string[]): {nodes: Node[]; end: string; elseIf?: string} => {
    const nodes: Node[] = [];
    while (at < tokens.length) {
      const token = tokens[at++]!;
      if (token.kind === 'text') {
        nodes.push({kind: 'text', text: token.text});
        continue;
      }
      const words = token.text.trim();
      const keyword = /^(range|with|if|else|end)\b/.exec(words)?.[1];
      if (keyword === 'end' || keyword === 'else') {
        if (!terminators.includes(keyword)) throw templateError(source, `unexpected {{${words}}}`);
        const rest = words.slice(keyword.length).trim();
        if (keyword === 'else' && rest !== '' && !/^if\b/.test(rest)) throw templateError(source, `{{${words}}} is not supported`);
        if (keyword === 'end' && rest !== '') throw templateError(source, `unexpected {{${words}}}`);
        return {nodes, end: keyword, ...(rest ? {elseIf: rest.slice(2)} : {})};
      }
      if (keyword === 'range' || keyword === 'with' || keyword === 'if') {
        nodes.push(parseBlock(keyword, words.slice(keyword.length)));
        continue;
      }
      if (words.startsWith('/*')) continue;
      nodes.push({kind: 'action', pipeline: parsePipeline(source, words)});
    }
    if (terminators.length > 0) throw templateError(source, 'a {{range}}, {{if}} or {{with}} has no {{end}}');
    return {nodes, end: ''};
  };
  /** A block from its pipeline to its {{end}}; an {{else if}} chain nests and shares that {{end}}. */
  const parseBlock = (kind: 'range' | 'with' | 'if', pipelineText: string): Node => {
    const pipeline = parsePipeline(source, pipelineText);
    const body = parseList(['else', 'end']);
    let otherwise: Node[] = [];
    if (body.end === 'else') otherwise = body.elseIf !== undefined ? [parseBlock('if', body.elseIf)] : parseList(['end']).nodes;
    return {kind, pipeline, body: body.nodes, otherwise};
  };
  const program = parseList([]).nodes;
  return (data) => render(program, data, source);
}

/** Docker's list commands read `\t` and `\n` in --format as a tab and a newline. */
export function unescapeListFormat(format: string): string {
  return format.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}

export function isTemplate(format: string | undefined): format is string {
  return format !== undefined && format.includes('{{');
}

// --- tokens ---------------------------------------------------------------------------------------------------

type Token = {kind: 'text'; text: string} | {kind: 'action'; text: string};

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let rest = source;
  let trimNextText = false;
  while (rest.length > 0) {
    const open = rest.indexOf('{{');
    let text = open === -1 ? rest : rest.slice(0, open);
    if (trimNextText) text = text.replace(/^\s+/, '');
    if (open === -1) {
      if (text) tokens.push({kind: 'text', text});
      break;
    }
    let inner = rest.slice(open + 2);
    if (inner.startsWith('- ')) {
      text = text.replace(/\s+$/, '');
      inner = inner.slice(1);
    }
    if (text) tokens.push({kind: 'text', text});
    const close = findClose(inner);
    if (close === -1) throw templateError(source, 'an action has no closing }}');
    let action = inner.slice(0, close);
    trimNextText = / -$/.test(action) || action === '-';
    if (trimNextText) action = action.slice(0, -1);
    tokens.push({kind: 'action', text: action});
    rest = inner.slice(close + 2);
  }
  return tokens;
}

/** The `}}` that ends an action, skipping any inside a quoted string. */
function findClose(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === '`') {
      const quote = char;
      for (i++; i < text.length && text[i] !== quote; i++) if (quote === '"' && text[i] === '\\') i++;
    } else if (char === '}' && text[i + 1] === '}') {
      return i;
    }
  }
  return -1;
}

// --- pipelines ------------------------------------------------------------------------------------------------

function parsePipeline(source: string, text: string): Command[] {
  const words = splitWords(source, text);
  if (words.length === 0) throw templateError(source, 'an empty {{ }}');
  const commands: Command[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length === 0) throw templateError(source, 'an empty stage in a | pipeline');
    commands.push(parseCommand(source, current));
    current = [];
  };
  for (const word of words) {
    if (word === '|') flush();
    else current.push(word);
  }
  flush();
  return commands;
}

function parseCommand(source: string, words: string[]): Command {
  const [first, ...rest] = words as [string, ...string[]];
  if (FUNCTIONS[first]) return {name: first, args: rest.map((word) => parseOperand(source, word))};
  if (/^[A-Za-z_]\w*$/.test(first) && !['true', 'false', 'nil'].includes(first)) {
    throw templateError(source, `the function '${first}' is not supported`);
  }
  if (rest.length > 0) throw templateError(source, `'${first}' is not a function: it takes no arguments`);
  return {name: undefined, args: [parseOperand(source, first)]};
}

function parseOperand(source: string, word: string): Operand {
  if (word.startsWith('(')) return {kind: 'group', pipeline: parsePipeline(source, word.slice(1, -1))};
  if (word === '.') return {kind: 'field', path: []};
  if (word.startsWith('.')) return {kind: 'field', path: word.slice(1).split('.')};
  if (word.startsWith('"')) return {kind: 'literal', value: JSON.parse(word) as string};
  if (word.startsWith('`')) return {kind: 'literal', value: word.slice(1, -1)};
  if (word === 'true' || word === 'false') return {kind: 'literal', value: word === 'true'};
  if (word === 'nil') return {kind: 'literal', value: null};
  if (/^-?\d+(\.\d+)?$/.test(word)) return {kind: 'literal', value: Number(word)};
  if (word.startsWith('$')) throw templateError(source, 'template variables ($x) are not supported');
  throw templateError(source, `cannot read '${word}'`);
}

/** Words of an action: quoted strings and (groups) stay whole; `|` stands alone. */
function splitWords(source: string, text: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (/\s/.test(char)) {
      i++;
      continue;
    }
    let end = i + 1;
    if (char === '"' || char === '`') {
      while (end < text.length && text[end] !== char) end += char === '"' && text[end] === '\\' ? 2 : 1;
      if (end >= text.length) throw templateError(source, 'a string has no closing quote');
      end++;
    } else if (char === '(') {
      let depth = 1;
      while (end < text.length && depth > 0) {
        if (text[end] === '(') depth++;
        else if (text[end] === ')') depth--;
        end++;
      }
      if (depth > 0) throw templateError(source, 'a ( has no closing )');
    } else if (char !== '|') {
      while (end < text.length && !/[\s|()]/.test(text[end]!)) end++;
    }
    words.push(text.slice(i, end));
    i = end;
  }
  return words;
}

// --- evaluation -----------------------------------------------------------------------------------------------

function render(nodes: readonly Node[], dot: unknown, source: string): string {
  let out = '';
  for (const node of nodes) {
    if (node.kind === 'text') {
      out += node.text;
    } else if (node.kind === 'action') {
      out += display(runPipeline(node.pipeline, dot, source));
    } else {
      const value = runPipeline(node.pipeline, dot, source);
      if (node.kind === 'if') {
        out += render(truthy(value) ? node.body : node.otherwise, dot, source);
      } else if (node.kind === 'with') {
        out += truthy(value) ? render(node.body, value, source) : render(node.otherwise, dot, source);
      } else {
        const items = Array.isArray(value) ? value : isObject(value) ? Object.keys(value).sort().map((key) => value[key]) : [];
        out += items.length > 0 ? items.map((item) => render(node.body, item, source)).join('') : render(node.otherwise, dot, source);
      }
    }
  }
  return out;
}

function runPipeline(pipeline: readonly Command[], dot: unknown, source: string): unknown {
  let carried: unknown = MISSING;
  pipeline.forEach((command, stage) => {
    const args = command.args.map((operand) => evaluate(operand, dot, source));
    if (stage > 0) args.push(carried);
    if (command.name === undefined) {
      carried = args[0];
      return;
    }
    try {
      carried = FUNCTIONS[command.name]!(...args);
    } catch (error) {
      throw templateError(source, `${command.name}: ${(error as Error).message}`);
    }
  });
  return carried;
}

function evaluate(operand: Operand, dot: unknown, source: string): unknown {
  if (operand.kind === 'literal') return operand.value;
  if (operand.kind === 'group') return runPipeline(operand.pipeline, dot, source);
  let value = dot;
  for (const key of operand.path) value = isObject(value) && key in value ? value[key] : MISSING;
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function truthy(value: unknown): boolean {
  if (value === MISSING || value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}

/** As Go's fmt prints a value with %v. */
function display(value: unknown): string {
  if (value === MISSING || value === undefined) return '<no value>';
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(display).join(' ')}]`;
  if (isObject(value)) return `map[${Object.keys(value).sort().map((key) => `${key}:${display(value[key])}`).join(' ')}]`;
  return String(value);
}

const FUNCTIONS: Record<string, (...args: unknown[]) => unknown> = {
  json: (value) => JSON.stringify(value === MISSING ? null : value),
  index: (value, ...keys) => keys.reduce<unknown>((item, key) => {
    if (Array.isArray(item) && typeof key === 'number') return item[key] ?? MISSING;
    return isObject(item) && typeof key === 'string' && key in item ? item[key] : MISSING;
  }, value),
  join: (list, separator) => (Array.isArray(list) ? list.map(display).join(String(separator)) : display(list)),
  split: (text, separator) => String(text).split(String(separator)),
  len: (value) => (Array.isArray(value) || typeof value === 'string' ? value.length : isObject(value) ? Object.keys(value).length : 0),
  lower: (text) => display(text).toLowerCase(),
  upper: (text) => display(text).toUpperCase(),
  title: (text) => display(text).replace(/\b\w/g, (letter) => letter.toUpperCase()),
  printf: (format, ...args) => {
    let next = 0;
    return String(format).replace(/%([-+ 0#]*\d*)([svdqt%])/g, (_match, _flags: string, verb: string) => {
      if (verb === '%') return '%';
      const arg = args[next++];
      return verb === 'q' ? JSON.stringify(display(arg)) : display(arg);
    });
  },
  print: (...args) => args.map(display).join(''),
  println: (...args) => `${args.map(display).join(' ')}\n`,
  eq: (first, ...others) => others.some((other) => other === first),
  ne: (first, second) => first !== second,
  not: (value) => !truthy(value),
  and: (...args) => args.find((arg) => !truthy(arg)) ?? args.at(-1),
  or: (...args) => args.find((arg) => truthy(arg)) ?? args.at(-1),
};

function templateError(source: string, problem: string) {
  return usageError(`the --format template '${source}' cannot be used: ${problem}`, 'see Go\'s text/template, or use --format json');
}
