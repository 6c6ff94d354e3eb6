/**
 * Start-up tracing for performance work: with ISLANDER_TRACE=1, each mark prints the milliseconds since the
 * process started to stderr. Disabled, a mark costs one boolean test.
 */
const enabled = process.env.ISLANDER_TRACE === '1';

export function traceMark(label: string): void {
  if (enabled) process.stderr.write(`[trace] ${performance.now().toFixed(1).padStart(7)} ms  ${label}\n`);
}
