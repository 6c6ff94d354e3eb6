import {usageError} from '../../errors.js';
import type {FlagValue} from '../parse.js';

/** Narrowing helpers for parsed flag values (strings, booleans or lists, as their definitions say). */
export function optionalString(value: FlagValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function stringList(value: FlagValue | undefined): string[] {
  return Array.isArray(value) ? value : [];
}

/** stop/restart -t: whole seconds before SIGKILL; Docker's default is 10. */
export function parseTimeout(value: string | undefined): number {
  if (value === undefined) return 10;
  if (!/^\d+$/.test(value)) throw usageError(`invalid -t/--time '${value}': use whole seconds`);
  return Number(value);
}
