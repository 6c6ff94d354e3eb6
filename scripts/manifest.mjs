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
  writeFileSync(`${root}/dist/cli/commands.json`, JSON.stringify(dispatchTable(manifest)));
  console.log(`oclif.manifest.json: ${Object.keys(manifest.commands).length} commands`);
}

/**
 * What the entry point's parser needs of each command (src/cli/main.ts): names, flags and args without their
 * help texts, a fifth of the manifest's size, which `islander run` reads and parses on every start.
 */
function dispatchTable(manifest) {
  const pick = (object, keys) => Object.fromEntries(keys.filter((key) => object[key] !== undefined).map((key) => [key, object[key]]));
  const commands = {};
  for (const [id, command] of Object.entries(manifest.commands)) {
    commands[id] = {
      ...pick(command, ['id', 'aliases', 'strict', 'stopAtFirstArg']),
      args: Object.fromEntries(Object.entries(command.args).map(([name, arg]) => [name, pick(arg, ['name', 'required'])])),
      flags: Object.fromEntries(Object.entries(command.flags).map(([name, flag]) =>
        [name, pick(flag, ['name', 'type', 'char', 'aliases', 'multiple', 'allowNo'])])),
    };
  }
  return {commands};
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeManifest();
