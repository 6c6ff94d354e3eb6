import {constants} from 'node:os';
import {usageError} from '../errors.js';

/** Docker's signal spellings: KILL, SIGKILL, kill or 9. */
export function parseSignal(text: string): NodeJS.Signals {
  const names = constants.signals as Record<string, number>;
  if (/^\d+$/.test(text)) {
    const byNumber = Object.keys(names).find((name) => names[name] === Number(text));
    if (byNumber) return byNumber as NodeJS.Signals;
  } else {
    const name = text.toUpperCase().startsWith('SIG') ? text.toUpperCase() : `SIG${text.toUpperCase()}`;
    if (name in names) return name as NodeJS.Signals;
  }
  throw usageError(`unknown signal '${text}'`, 'use a name like TERM, KILL, HUP or a number');
}
