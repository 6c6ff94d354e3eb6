import {parseStopTimeout} from '../../container/spec.js';
import type {FlagValue} from '../parse.js';

/** Narrowing helpers for parsed flag values (strings, booleans or lists, as their definitions say). */
export function optionalString(value: FlagValue | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function stringList(value: FlagValue | undefined): string[] {
  return Array.isArray(value) ? value : [];
}

/** stop/restart -t: whole seconds before SIGKILL; without it, the container's --stop-timeout (10 by default). */
export function parseTimeout(value: string | undefined): number | undefined {
  return value === undefined ? undefined : parseStopTimeout(value, '-t/--time');
}
