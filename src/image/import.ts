import {existsSync, renameSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {ensureDir, fsyncDirectory, writeJsonAtomic} from '../util/atomic.js';
import {detectFormat, type ArchiveFormat} from './compression.js';
import {imageDir, imageRecordPath} from './layout.js';
import {withStoreLock} from './lock.js';
import {progressTitle, runSteps} from './progress.js';
import {defaultReferenceForFile, formatReference, parseReference} from './reference.js';
import {readRepositories, writeRepositories} from './repositories.js';
import {readImage} from './store.js';
import {createImportDir, moveToTrash, removeStaleWorkDirs, removeTree} from './tmp.js';
import {defaultImageConfig, type ImageRecord, type StoredImage} from './types.js';
import {unpackArchive, type UnpackResult} from './unpack.js';

export interface ImportOptions {
  /** Show a listr2 progress display (the CLI passes true on a TTY). */
  progress: boolean;
}

/**
 * Imports a filesystem tarball (plain, gzip or zstd) as an image. The archive is unpacked into a private
 * directory under <root>/tmp and renamed into <images>/<id> only once isle-unpack has finished without error,
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
          record = commit(paths, work, unpacked, reference, source);
        },
      },
    ], options.progress);
  } finally {
    removeTree(work); // gone already if it became the image
  }
  if (!record) throw new IslanderError('internal', 'import finished without an image');
  return record;
}

/** Under the store lock: move the unpacked tree into place (unless the same content is stored) and tag it. */
function commit(paths: StorePaths, work: string, unpacked: UnpackResult, reference: string, source: string): ImageRecord {
  return withStoreLock(paths, () => {
    const dir = imageDir(paths, unpacked.id);
    if (!existsSync(imageRecordPath(paths, unpacked.id))) {
      // A directory without image.json is debris from a crash between rename and record; never reuse it.
      if (existsSync(dir)) removeTree(moveToTrash(paths, dir));
      const stored: StoredImage = {
        id: unpacked.id,
        created: new Date().toISOString(),
        size: unpacked.bytes,
        source,
        architecture: goArch(process.arch),
        os: 'linux',
        config: defaultImageConfig(),
      };
      writeJsonAtomic(join(work, 'image.json'), stored);
      renameSync(work, dir);
      fsyncDirectory(paths.images);
    }
    const tags = readRepositories(paths);
    tags[reference] = unpacked.id;
    writeRepositories(paths, tags);
    const image = readImage(paths, unpacked.id, tags);
    if (!image) throw new IslanderError('internal', `image ${unpacked.id} vanished while being stored`);
    return image;
  });
}

/** Docker and OCI name architectures as Go does. */
function goArch(arch: string): string {
  const names: Record<string, string> = {x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x'};
  return names[arch] ?? arch;
}
