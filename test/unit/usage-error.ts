import {expect} from 'vitest';
import {IslanderError} from '../../src/errors.js';

/** Runs `fn`, which must refuse its input as Islander refuses bad input: an IslanderError with exit code 125. */
export function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(IslanderError);
    expect((error as IslanderError).exitCode).toBe(125);
    return (error as IslanderError).message;
  }
  throw new Error('expected a usage error');
}
