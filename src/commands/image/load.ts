import {Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImageLoad extends IsleCommand {
  static override summary = 'Load images from a `docker save` archive or an OCI image layout archive (plain, gzip or zstd).';
  static override description = 'Both formats are detected. Every blob is verified against its digest and every layer ' +
    'against the image config; layers already stored are shared, not stored again.';
  static override aliases = ['load'];
  static override examples = [
    'islander load -i alpine.tar',
    'docker save alpine:3.19 | gzip > alpine.tar.gz && islander image load -i alpine.tar.gz',
    'skopeo copy docker://alpine oci-archive:alpine-oci.tar && islander load -i alpine-oci.tar',
  ];
  static override flags = {
    input: Flags.string({char: 'i', description: 'the archive to load', required: true}),
    quiet: Flags.boolean({char: 'q', description: 'print nothing but errors'}),
  };
}
