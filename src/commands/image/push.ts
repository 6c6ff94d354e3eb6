import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImagePush extends IsleCommand {
  static override summary = 'Push an image to a registry (OCI distribution v2).';
  static override description = 'DEST defaults to IMAGE\'s own name. Blobs the registry already has are not sent ' +
    'again. Credentials come from ISLANDER_REGISTRY_AUTH=user:pass or ~/.docker/config.json. Prints the manifest digest.';
  static override aliases = ['push'];
  static override examples = [
    'islander push 127.0.0.1:5000/app:1.0',
    'islander push app:1.0 127.0.0.1:5000/team/app:1.0',
    'islander image push --tls-verify=false app registry.test:5000/app:latest',
  ];
  static override args = {
    image: Args.string({description: 'local image: NAME[:TAG] or id', required: true}),
    destination: Args.string({description: 'REGISTRY[:PORT]/NAME[:TAG] (default: IMAGE)'}),
  };
  static override flags = {
    'tls-verify': Flags.boolean({description: 'require HTTPS with a valid certificate (default true; false also allows plain HTTP)'}),
  };
}
