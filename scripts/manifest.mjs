// Writes oclif.manifest.json from the bundled command classes, with oclif's own loader, so help and the fast
// entry point read the same flag definitions.
import {Config} from '@oclif/core';
import {rmSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

export async function writeManifest() {
  const root = fileURLToPath(new URL('..', import.meta.url));
  rmSync(`${root}/oclif.manifest.json`, {force: true});
  const config = await Config.load({root});
  const manifest = config.getPluginsList()[0].manifest;
  writeFileSync(`${root}/oclif.manifest.json`, JSON.stringify(manifest, null, 2) + '\n');
  console.log(`oclif.manifest.json: ${Object.keys(manifest.commands).length} commands`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeManifest();
