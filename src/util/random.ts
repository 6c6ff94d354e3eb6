import {closeSync, openSync, readSync} from 'node:fs';

/**
 * Random bytes from the kernel. node:crypto would do the same but costs ~3 ms to load, and container ids are
 * made on the `run` hot path.
 */
export function randomBytesFromKernel(count: number): Buffer {
  const bytes = Buffer.alloc(count);
  const fd = openSync('/dev/urandom', 'r');
  try {
    let filled = 0;
    while (filled < count) filled += readSync(fd, bytes, filled, count - filled, null);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
