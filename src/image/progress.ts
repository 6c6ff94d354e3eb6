import {importEsm} from '../util/import-esm.js';

/**
 * The steps of a long operation, shown with listr2 when the caller asks for progress (a TTY) and run silently
 * otherwise. listr2 (and chalk under it) is imported only here and only when shown, so scripts and the library
 * never pay for loading it.
 */
export interface Step {
  title: string;
  run: (setTitle: (title: string) => void) => Promise<void>;
}

export async function runSteps(steps: readonly Step[], progress: boolean): Promise<void> {
  if (!progress) {
    for (const step of steps) await step.run(() => undefined);
    return;
  }
  const {Listr, ListrLogger, ProcessOutput} = await importEsm<typeof import('listr2')>('listr2');
  // On stderr, so `id=$(islander image import f.tar)` still captures only the id.
  const list = new Listr(steps.map((step) => ({
    title: step.title,
    task: async (_context: unknown, task: {title: string | undefined}) => {
      await step.run((title) => { task.title = title; });
    },
  })), {
    exitOnError: true,
    registerSignalListeners: false,
    rendererOptions: {logger: new ListrLogger({processOutput: new ProcessOutput(process.stderr, process.stderr)})},
  });
  await list.run();
}

/** A setTitle that shows "<label> (N MiB)" and only redraws when N changes. */
export function progressTitle(label: string, setTitle: (title: string) => void): (bytes: number) => void {
  let shown = -1;
  return (bytes) => {
    const mib = Math.floor(bytes / (1024 * 1024));
    if (mib !== shown) {
      shown = mib;
      setTitle(`${label} (${mib} MiB)`);
    }
  };
}
