import {IslanderError} from '../errors.js';

/**
 * The one error for a blob whose bytes do not hash to its digest, whoever hashed them (the store's storeBlob, or
 * isle-unpack while a layer streams in); the registry client recognizes it to blame the registry.
 */
export function blobMismatch(expectedDigest: string, actualHex: string): IslanderError {
  return new IslanderError('invalid-image', `blob ${expectedDigest} does not match its content (sha256:${actualHex})`, {
    suggestion: 'the archive or the transfer is corrupt or tampered with; nothing was stored',
  });
}
