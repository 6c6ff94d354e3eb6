import {findCredentials} from './auth.js';
import {RegistryClient} from './client.js';
import type {RemoteReference} from './reference.js';

/** What pull and push share: a client for the reference's registry with the user's credentials, if any. */
export interface TransferOptions {
  /** false: `--tls-verify=false`. */
  tlsVerify: boolean;
  /** Show listr2 progress (the CLI passes true on a TTY). */
  progress: boolean;
  env?: NodeJS.ProcessEnv;
}

export function clientFor(ref: RemoteReference, options: TransferOptions): RegistryClient {
  return new RegistryClient(ref.registry, ref.apiHost, {
    tlsVerify: options.tlsVerify,
    credentials: findCredentials(ref.registry, options.env ?? process.env),
  });
}

/** Runs `work` over `items` with at most `limit` at a time; the first failure stops new work and is thrown. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: {error: unknown} | undefined;
  const worker = async (): Promise<void> => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= {error};
      }
    }
  };
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
  if (failure) throw failure.error;
}
