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
