import {IslanderError} from '../errors.js';

/**
 * One-line errors for registry answers: which registry, what status, for what, what it means, what to do.
 *   registry 127.0.0.1:5000 answered 404 for manifest 'app:1': no such image; check the name and tag
 */
export interface RegistryErrorBody {
  errors?: Array<{code?: string; message?: string}>;
}

export function describeBody(body: Buffer | undefined): string | undefined {
  if (!body || body.length === 0) return undefined;
  try {
    const parsed = JSON.parse(body.toString('utf8')) as RegistryErrorBody;
    const first = parsed.errors?.[0];
    if (first) return [first.code, first.message].filter(Boolean).join(' ').toLowerCase();
  } catch {
    // not JSON: a proxy's HTML page, say; its first line is enough
  }
  return body.toString('utf8').split('\n')[0]?.slice(0, 120) || undefined;
}

export function registryAnswerError(registry: string, status: number, what: string, body?: Buffer): IslanderError {
  const detail = describeBody(body);
  const head = `registry ${registry} answered ${status} for ${what}`;
  if (status === 404) {
    const kind = what.startsWith('manifest') ? 'no such image' : 'no such blob';
    return new IslanderError('not-found', `${head}: ${kind}`, {
      suggestion: what.startsWith('manifest') ? 'check the name and tag' : 'the registry lost content the manifest names; push the image again',
    });
  }
  if (status === 401 || status === 403) {
    return new IslanderError('system', `${head}: ${detail ?? 'access denied'}`, {
      suggestion: 'check the credentials (ISLANDER_REGISTRY_AUTH=user:pass or ~/.docker/config.json) and that they may access this repository',
    });
  }
  return new IslanderError('system', `${head}${detail ? `: ${detail}` : ''}`, {
    suggestion: status >= 500 ? 'the registry failed; try again later' : 'run again with --debug for details',
  });
}

export function unreachable(registry: string, url: URL, cause: unknown): IslanderError {
  const code = (cause as NodeJS.ErrnoException).code ?? (cause instanceof Error ? cause.message : String(cause));
  const tlsHint = /CERT|SSL|TLS|EPROTO/i.test(String(code)) ? 'for a registry without a valid certificate use --tls-verify=false'
    : 'check the address and that the registry is running';
  return new IslanderError('system', `cannot reach registry ${registry} at ${url.origin}: ${code}`, {suggestion: tlsHint, cause});
}

export function needsCredentials(registry: string, repository: string): IslanderError {
  return new IslanderError('system', `registry ${registry} needs credentials for '${repository}'`, {
    suggestion: 'set ISLANDER_REGISTRY_AUTH=user:pass, or add the registry to ~/.docker/config.json (docker login)',
  });
}

export function refusedCredentials(registry: string, repository: string): IslanderError {
  return new IslanderError('system', `registry ${registry} refused the credentials for '${repository}'`, {
    suggestion: 'check the user name and password in ISLANDER_REGISTRY_AUTH or ~/.docker/config.json',
  });
}

export function digestMismatch(registry: string, what: string, expected: string, actual: string): IslanderError {
  return new IslanderError('invalid-image', `${what} from registry ${registry} does not match its digest: expected ${expected}, got ${actual}`, {
    suggestion: 'the registry holds corrupt or tampered content; nothing was stored',
  });
}
