import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImagePull extends IsleCommand {
  static override summary = 'Pull an image from a registry (OCI distribution v2; Docker Hub by default).';
  static override description = 'A registry on 127.0.0.0/8, ::1 or localhost is reached over plain HTTP, as Docker ' +
    'does; others over HTTPS. Credentials come from ISLANDER_REGISTRY_AUTH=user:pass or ~/.docker/config.json. ' +
    'For a multi-platform image the linux/amd64 one is pulled. Prints the image id.';
  static override aliases = ['pull'];
  static override examples = [
    'islander pull 127.0.0.1:5000/app:1.0',
    'islander pull alpine',
    'islander image pull --tls-verify=false registry.test:5000/tools/busybox@sha256:6d9ac9237a84afe1516540f40a0fafdc86859b2141954b4d643af7066d598b74',
  ];
  static override args = {
    image: Args.string({description: '[REGISTRY[:PORT]/]NAME[:TAG][@DIGEST]', required: true}),
  };
  static override flags = {
    'tls-verify': Flags.boolean({description: 'require HTTPS with a valid certificate (default true; false also allows plain HTTP)'}),
  };
}
