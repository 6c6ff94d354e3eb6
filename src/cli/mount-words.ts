import {usageError} from '../errors.js';

/**
 * The original project's mount spellings, which take several argv words:
 *   --mount src X dst Y [ro]                          → --mount type=bind|volume,src=X,dst=Y[,readonly]
 *   --volume src NAME dst Y [ro]                      → --volume NAME:Y[:ro]
 *   --tmpfs dst Y [size S] [nr_inodes N] [mode M] [ro] → --tmpfs Y:size=S,nr_inodes=N,mode=M[,ro]
 * The parser asks a flag's word form first, at the token after the flag; a form that does not apply (Docker's
 * one-word value) returns undefined. The keywords cannot start a Docker value: those always hold '=', ':' or '/'.
 */
export type WordForm = (tokens: readonly string[], start: number) => {value: string; next: number} | undefined;

interface Words {
  values: Map<string, string>;
  readonly: boolean;
  next: number;
}

/** Reads `KEY VALUE` pairs of the given keys and a bare `ro`/`readonly`, from `start` until another word. */
function readWords(tokens: readonly string[], start: number, keys: readonly string[], flag: string): Words {
  const values = new Map<string, string>();
  let readonly = false;
  let index = start;
  for (; index < tokens.length; index++) {
    const word = tokens[index]!;
    if (word === 'ro' || word === 'readonly') {
      readonly = true;
      continue;
    }
    if (!keys.includes(word) || values.has(word)) break;
    const value = tokens[index + 1];
    if (value === undefined) throw usageError(`${flag} ${word} needs a value`);
    values.set(word, value);
    index++;
  }
  return {values, readonly, next: index};
}

const mountWords: WordForm = (tokens, start) => {
  if (tokens[start] !== 'src' && tokens[start] !== 'dst') return undefined;
  const {values, readonly, next} = readWords(tokens, start, ['src', 'dst'], '--mount');
  const source = values.get('src') ?? '';
  const fields = [`type=${source.startsWith('/') ? 'bind' : 'volume'}`, `src=${source}`];
  if (values.has('dst')) fields.push(`dst=${values.get('dst')}`);
  if (readonly) fields.push('readonly');
  return {value: fields.join(','), next};
};

const volumeWords: WordForm = (tokens, start) => {
  if (tokens[start] !== 'src' && tokens[start] !== 'dst') return undefined;
  const {values, readonly, next} = readWords(tokens, start, ['src', 'dst'], '--volume');
  if (!values.has('src') || !values.has('dst')) throw usageError('--volume in words needs both: --volume src NAME dst /path');
  return {value: `${values.get('src')}:${values.get('dst')}${readonly ? ':ro' : ''}`, next};
};

const TMPFS_KEYS = ['dst', 'size', 'nr_inodes', 'mode'];

const tmpfsWords: WordForm = (tokens, start) => {
  if (tokens[start] !== 'dst') return undefined;
  const {values, readonly, next} = readWords(tokens, start, TMPFS_KEYS, '--tmpfs');
  const options = TMPFS_KEYS.slice(1).filter((key) => values.has(key)).map((key) => `${key}=${values.get(key)}`);
  if (readonly) options.push('ro');
  return {value: options.length > 0 ? `${values.get('dst')}:${options.join(',')}` : values.get('dst')!, next};
};

/** Word forms by flag name (run and create declare these flags). */
export const MOUNT_WORD_FORMS: Record<string, WordForm> = {mount: mountWords, volume: volumeWords, tmpfs: tmpfsWords};
