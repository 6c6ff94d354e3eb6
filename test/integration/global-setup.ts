import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestProject} from 'vitest/node';
import {removeContainer} from '../../src/container/remove.js';
import {importImage} from '../../src/image/index.js';
import {storePaths} from '../../src/paths.js';

/**
 * One store for the integration run, with the test image imported once. The CLI and the C runtime must be built
 * (`make all`; the README's test command does it). Teardown force-removes every container left in the store —
 * through the library, so it works even if the CLI bundle is broken — which takes their shims and cgroups with
 * them, then the store itself.
 */
const repo = join(import.meta.dirname, '..', '..');
export const TEST_IMAGE_TARBALL = join(repo, 'rootfs-images', 'build', 'alpine-stress.tar.gz');

declare module 'vitest' {
  export interface ProvidedContext {
    islanderRoot: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(TEST_IMAGE_TARBALL) || !existsSync(join(repo, 'dist', 'cli', 'main.cjs'))) {
    throw new Error(`integration tests need the built CLI and ${TEST_IMAGE_TARBALL}: run 'make all' first`);
  }
  const root = mkdtempSync(join(tmpdir(), 'islander-it-'));
  const paths = storePaths(root);
  try {
    await importImage(paths, TEST_IMAGE_TARBALL, 'alpine-stress', {progress: false});
  } catch (error) {
    rmSync(root, {recursive: true, force: true});
    throw error;
  }
  project.provide('islanderRoot', root);
  return async () => {
    const ids = existsSync(paths.containers) ? readdirSync(paths.containers).filter((id) => !id.startsWith('.')) : [];
    for (const id of ids) await removeContainer(paths, id, {force: true});
    rmSync(root, {recursive: true, force: true});
  };
}
