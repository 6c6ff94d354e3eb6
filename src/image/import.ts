import {join, resolve} from 'node:path';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir} from '../util/atomic.js';
import {removeTree} from '../util/remove-tree.js';
import {detectFormat, type ArchiveFormat} from './compression.js';
import {storeBlobComputed} from './blobs.js';
import {flatImageConfig} from './config.js';
import {MEDIA_TYPES} from './export-layer.js';
import {placeLayer} from './layers.js';
import {holdLease} from './lease.js';
import {progressTitle, runSteps} from './progress.js';
import {defaultReferenceForFile, formatReference, parseReference} from './reference.js';
import {registerImage} from './register.js';
import {createImportDir, removeStaleWorkDirs} from './tmp.js';
import type {ImageRecord} from './types.js';
import {unpackArchive, type UnpackResult} from './unpack.js';

export interface ImportOptions {
  /** Show a listr2 progress display (the CLI passes true on a TTY). */
  progress: boolean;
}

/**
 * Imports a filesystem tarball (plain, gzip or zstd) as an image. The archive is unpacked into a private
 * directory under <root>/tmp and renamed into layers/<id> only once isle-unpack has finished without error,
 * so a failed or killed import leaves no image behind (the work directory is removed now, or by a later
 * import if this process died). Importing content that is already stored only adds the name.
 */
export async function importImage(paths: StorePaths, file: string, name: string | undefined,
  options: ImportOptions): Promise<ImageRecord> {
  const ref = name === undefined ? defaultReferenceForFile(file) : parseReference(name);
  const reference = formatReference(ref);
  const source = resolve(file);
  ensureDir(paths.images);
  removeStaleWorkDirs(paths);

  let format: ArchiveFormat | undefined;
  let unpacked: UnpackResult | undefined;
  let record: ImageRecord | undefined;
  const work = createImportDir(paths);
  try {
    await runSteps([
      {title: `Reading ${file}`, run: async () => { format = detectFormat(source); }},
      {
        title: 'Unpacking',
        run: async (setTitle) => {
          if (!format) throw new IslanderError('internal', 'archive format not detected');
          unpacked = await unpackArchive(source, format, join(work, 'rootfs'), progressTitle('Unpacking', setTitle));
        },
      },
      {
        title: `Storing ${reference}`,
        run: async () => {
          if (!unpacked) throw new IslanderError('internal', 'archive not unpacked');
          record = await commit(paths, work, unpacked, reference, source);
        },
      },
    ], options.progress);
  } finally {
    removeTree(work); // gone already if it became the image
  }
  if (!record) throw new IslanderError('internal', 'import finished without an image');
  return record;
}

/**
 * The unpacked tree becomes a layer (unless that content is stored already) and the image a one-layer image
 * with Docker's import defaults; its id stays the sha256 of the uncompressed tar (issue 2's rule).
 */
async function commit(paths: StorePaths, work: string, unpacked: UnpackResult, reference: string, source: string): Promise<ImageRecord> {
  const releaseLease = holdLease(paths); // the layer and blob are garbage to GC until the image lists them
  try {
    placeLayer(paths, join(work, 'rootfs'), unpacked.id, unpacked.bytes);
    // The archive itself is kept as the layer's blob, so save and push send the very tar the id was made from.
    const blob = await storeBlobComputed(paths, source);
    const configJson = flatImageConfig(unpacked.id, new Date().toISOString(), goArch(process.arch));
    return registerImage(paths, {configJson, layerDiffIds: [unpacked.id], layerDigests: [blob.digest],
      mediaTypes: [MEDIA_TYPES[detectFormat(blob.path)]]}, [reference], {id: unpacked.id, source});
  } finally {
    releaseLease();
  }
}

/** Docker and OCI name architectures as Go does. */
export function goArch(arch: string): string {
  const names: Record<string, string> = {x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x'};
  return names[arch] ?? arch;
}
