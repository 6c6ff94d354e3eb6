import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImageSave extends IsleCommand {
  static override summary = 'Save images to a tar archive (to stdout unless -o): `docker save` format, or an OCI archive.';
  static override description = 'The default archive has both Docker\'s manifest.json and an OCI image layout (as ' +
    'Docker 25+ writes), so `docker load`, `podman load` and `islander load` read it. Layers are written as stored, ' +
    'so loading the archive gives the same image id.';
  static override aliases = ['save'];
  static override strict = false;
  static override examples = [
    'islander save -o alpine.tar alpine:3.19',
    'islander image save myapp:1.0 | gzip > myapp.tar.gz',
    'islander image save --format oci-archive -o myapp-oci.tar myapp:1.0',
  ];
  static override args = {
    image: Args.string({description: 'NAME[:TAG] or id (several allowed)', required: true}),
  };
  static override flags = {
    output: Flags.string({char: 'o', description: 'write to this file instead of stdout'}),
    format: Flags.string({description: 'archive format', options: ['docker-archive', 'oci-archive'], default: 'docker-archive'}),
  };
}
