/**
 * Builds tar archives byte by byte, so a test can write exactly the malicious header it means: names with
 * "..", raw non-UTF-8 bytes, links anywhere, device nodes, pax and GNU long-name extensions.
 */
export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

export interface TarEntry {
  name: string | Buffer;
  type?: EntryType;
  body?: string | Buffer;
  linkname?: string | Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
  mtime?: number;
  /** Extra pax records (e.g. SCHILY.xattr.user.x); a long name or linkname adds path/linkpath itself. */
  pax?: Record<string, string | Buffer>;
  /** Encode a name or linkname over 100 bytes with GNU 'L'/'K' headers instead of pax. */
  gnuLongNames?: boolean;
}

const TYPEFLAG: Record<EntryType, string> = {file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6'};
const BLOCK = 512;

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function header(fields: {name: Buffer; type: string; size: number; linkname?: Buffer; mode: number; uid: number;
  gid: number; mtime: number}): Buffer {
  const block = Buffer.alloc(BLOCK);
  fields.name.subarray(0, 100).copy(block, 0);
  block.write(octal(fields.mode, 8), 100, 'latin1');
  block.write(octal(fields.uid, 8), 108, 'latin1');
  block.write(octal(fields.gid, 8), 116, 'latin1');
  block.write(octal(fields.size, 12), 124, 'latin1');
  block.write(octal(fields.mtime, 12), 136, 'latin1');
  block.write(fields.type, 156, 'latin1');
  fields.linkname?.subarray(0, 100).copy(block, 157);
  block.write('ustar\x0000', 257, 'latin1');
  block.write('root', 265, 'latin1');
  block.write('root', 297, 'latin1');
  block.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 'latin1');
  return block;
}

function padded(data: Buffer): Buffer {
  const pad = (BLOCK - (data.length % BLOCK)) % BLOCK;
  return Buffer.concat([data, Buffer.alloc(pad)]);
}

/** One pax record "<len> key=value\n", where len counts itself. */
export function paxRecord(key: string, value: string | Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`), Buffer.from(value), Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length)), body]);
}

function extension(type: string, name: string, data: Buffer): Buffer[] {
  const head = header({name: Buffer.from(name), type, size: data.length, mode: 0o644, uid: 0, gid: 0, mtime: 0});
  return [head, padded(data)];
}

export function entryBlocks(entry: TarEntry): Buffer[] {
  const type = entry.type ?? 'file';
  const name = Buffer.from(entry.name);
  const linkname = entry.linkname === undefined ? undefined : Buffer.from(entry.linkname);
  const body = Buffer.from(entry.body ?? '');
  const blocks: Buffer[] = [];
  const pax: Buffer[] = Object.entries(entry.pax ?? {}).map(([key, value]) => paxRecord(key, value));

  if (name.length > 100) {
    if (entry.gnuLongNames) blocks.push(...extension('L', '././@LongLink', Buffer.concat([name, Buffer.alloc(1)])));
    else pax.push(paxRecord('path', name));
  }
  if (linkname && linkname.length > 100) {
    if (entry.gnuLongNames) blocks.push(...extension('K', '././@LongLink', Buffer.concat([linkname, Buffer.alloc(1)])));
    else pax.push(paxRecord('linkpath', linkname));
  }
  if (pax.length > 0) blocks.unshift(...extension('x', 'PaxHeaders/entry', Buffer.concat(pax)));

  const defaultMode = type === 'dir' ? 0o755 : type === 'symlink' ? 0o777 : 0o644;
  blocks.push(header({
    name, type: TYPEFLAG[type], size: type === 'file' ? body.length : 0, linkname,
    mode: entry.mode ?? defaultMode, uid: entry.uid ?? 0, gid: entry.gid ?? 0, mtime: entry.mtime ?? 1_700_000_000,
  }));
  if (type === 'file') blocks.push(padded(body));
  return blocks;
}

/** A complete archive: the entries and the two zero blocks that end it. */
export function buildTar(entries: readonly TarEntry[]): Buffer {
  return Buffer.concat([...entries.flatMap(entryBlocks), Buffer.alloc(2 * BLOCK)]);
}
