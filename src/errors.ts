/**
 * One error class for the whole control plane. Every failure a user can see is an IslanderError with a stable
 * code, the exit code Docker would use, and a suggestion of what to do next. The CLI prints `message` (and the
 * suggestion) on one line; `--debug` adds the stack.
 */
export type ErrorCode =
  | 'usage'            // bad flag, bad value, missing argument
  | 'not-found'        // no such image, container, volume
  | 'conflict'         // name in use, container running
  | 'invalid-image'    // corrupt or hostile archive
  | 'runtime'          // isle-init / kernel failure before the process ran
  | 'command-not-found' // the container's command does not exist
  | 'command-not-executable'
  | 'system'           // host problem: missing cgroup controller, no overlayfs, permission
  | 'internal';

const EXIT_CODES: Record<ErrorCode, number> = {
  usage: 125,
  'not-found': 125,
  conflict: 125,
  'invalid-image': 125,
  runtime: 125,
  'command-not-found': 127,
  'command-not-executable': 126,
  system: 125,
  internal: 125,
};

const BRAND = Symbol.for('islander.error');

export class IslanderError extends Error {
  readonly [BRAND] = true;
  readonly code: ErrorCode;
  readonly exitCode: number;
  readonly suggestion: string | undefined;
  /** Already said on stderr (by an islander command we ran): the CLI adds no line of its own. */
  readonly reported: boolean;

  constructor(code: ErrorCode, message: string, options: {suggestion?: string; cause?: unknown; reported?: boolean} = {}) {
    super(message, {cause: options.cause});
    this.name = 'IslanderError';
    this.code = code;
    this.exitCode = EXIT_CODES[code];
    this.suggestion = options.suggestion;
    this.reported = options.reported === true;
  }

  /** The one line a user sees. */
  oneLine(): string {
    return this.suggestion ? `${this.message}; ${this.suggestion}` : this.message;
  }
}

/**
 * Whether a value is an IslanderError. Each command is bundled on its own, so the class may exist more than once
 * in a process; the brand (a registered symbol) is shared where `instanceof` is not.
 */
export function isIslanderError(error: unknown): error is IslanderError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

export function usageError(message: string, suggestion?: string): IslanderError {
  return new IslanderError('usage', message, {suggestion});
}

/** Node's errno errors carry `code` ('ENOENT'...); this narrows unknown catch values to them. */
export function isErrno(error: unknown, code?: string): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' &&
    (code === undefined || (error as NodeJS.ErrnoException).code === code);
}
