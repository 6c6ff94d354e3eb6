import {randomBytesFromKernel as randomBytes} from '../util/random.js';
import {usageError} from '../errors.js';

/** Docker's container-name grammar. */
const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export function validateName(name: string): string {
  if (!NAME_PATTERN.test(name) || name.length > 128) {
    throw usageError(`invalid container name '${name}': use letters, digits, '_', '.' and '-', starting with a letter or digit`);
  }
  return name;
}

export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

const ADJECTIVES = ['brave', 'calm', 'eager', 'fond', 'gentle', 'happy', 'jolly', 'keen', 'lucid', 'merry', 'nimble', 'proud', 'quiet', 'sharp', 'sunny', 'tidy', 'vivid', 'witty', 'young', 'zesty'];
const ISLANDS = ['skye', 'capri', 'bali', 'crete', 'java', 'malta', 'rhodes', 'sicily', 'iona', 'lewis', 'arran', 'mull', 'islay', 'jura', 'corfu', 'ibiza', 'elba', 'hvar', 'korcula', 'samos'];

/** A readable default name, as Docker gives (`brave_skye`); the caller retries on the rare collision. */
export function randomName(): string {
  const bytes = randomBytes(3);
  return `${ADJECTIVES[bytes[0]! % ADJECTIVES.length]}_${ISLANDS[bytes[1]! % ISLANDS.length]}${bytes[2]! % 10 || ''}`;
}
