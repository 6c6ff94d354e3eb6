import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import type {TestProject} from 'vitest/node';
import {importImage} from '../../src/image/index.js';
import {storePaths} from '../../src/paths.js';

/**
 * One store for the integration run, with the test image imported once. The CLI and the C runtime must be built
 * (`make all`; the README's test command does it). Teardown removes every container left in the store, which
 * takes their cgroups with them, and the store itself.
 */
const repo = join(import.meta.dirname, '..', '..');
export const TEST_IMAGE_TARBALL = join(repo, 'rootfs-images', 'build', 'alpine-stress.tar.gz');

declare module 'vitest' {
  export interface ProvidedContext {
    islanderRoot: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'islander-it-'));
  const cli = join(repo, 'bin', 'islander.cjs');
  if (!existsSync(TEST_IMAGE_TARBALL) || !existsSync(join(repo, 'dist', 'cli', 'main.cjs'))) {
    throw new Error(`integration tests need the built CLI and ${TEST_IMAGE_TARBALL}: run 'make all' first`);
  }
  await importImage(storePaths(root), TEST_IMAGE_TARBALL, 'alpine-stress', {progress: false});
  project.provide('islanderRoot', root);
  return () => {
    const containers = join(root, 'containers');
    const ids = existsSync(containers) ? readdirSync(containers).filter((id) => !id.startsWith('.')) : [];
    if (ids.length > 0) {
      execFileSync(process.execPath, [cli, 'rm', '-f', ...ids], {env: {...process.env, ISLANDER_ROOT: root}, stdio: 'ignore'});
    }
    rmSync(root, {recursive: true, force: true});
  };
}
