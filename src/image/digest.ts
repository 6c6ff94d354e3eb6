import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';
import {IslanderError} from '../errors.js';

/** "sha256:<64 hex>", the only algorithm Docker and OCI registries use in practice. */
const DIGEST = /^sha256:([0-9a-f]{64})$/;
const HEX = /^[0-9a-f]{64}$/;

export function digestHex(digest: string): string {
  const match = DIGEST.exec(digest);
  if (!match?.[1]) {
    throw new IslanderError('invalid-image', `unsupported or malformed digest '${digest}'`, {
      suggestion: 'only sha256 digests ("sha256:" and 64 lowercase hex digits) are accepted',
    });
  }
  return match[1];
}

export function isHex64(text: string): boolean {
  return HEX.test(text);
}

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, {highWaterMark: 1024 * 1024})) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
