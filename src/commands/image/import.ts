import {Args} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImageImport extends IsleCommand {
  static override summary = 'Import a filesystem tarball (plain, gzip or zstd; e.g. from `docker export`) as an image.';
  static override description = 'Every entry is treated as hostile: paths with "..", links out of the rootfs and ' +
    'device nodes never reach the host. Prints the image id.';
  static override examples = [
    'islander image import alpine-stress.tar.gz',
    'islander image import rootfs.tar.zst myapp:1.0',
    'docker export web > web.tar && islander image import web.tar web:snapshot',
  ];
  static override args = {
    file: Args.string({description: 'the tarball to import', required: true}),
    name: Args.string({description: 'NAME[:TAG] (default: the file name without .tar/.tar.gz/.tgz/.tar.zst, tag latest)'}),
  };
}
