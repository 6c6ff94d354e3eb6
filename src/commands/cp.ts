import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Cp extends IsleCommand {
  static override summary = 'Copy files between an isle and the host (or a tar stream).';
  static override description = 'Docker\'s rules: CONTAINER:PATH on one side, a host path or `-` (a tar stream on ' +
    'stdin/stdout) on the other; works on running and stopped isles. Paths inside the isle resolve inside it: its ' +
    'symlinks never lead to host files.';
  static override aliases = ['container:cp'];
  static override examples = [
    'islander cp web:/etc/nginx/nginx.conf ./nginx.conf',
    'islander cp ./site web:/usr/share/nginx/html',
    'islander cp web:/var/log/. ./logs',
    'islander cp -a ./data web:/srv',
    'tar -c conf | islander cp - web:/etc',
    'islander cp web:/etc - | tar -t',
  ];
  static override args = {
    source: Args.string({description: 'CONTAINER:SRC_PATH, a host path, or - (a tar stream on stdin)', required: true}),
    destination: Args.string({description: 'CONTAINER:DEST_PATH, a host path, or - (a tar stream on stdout)', required: true}),
  };
  static override flags = {
    archive: Flags.boolean({char: 'a', description: 'archive mode: keep uid/gid (default: the receiving side\'s root or caller)'}),
  };
}
