import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class VolumeCreate extends IsleCommand {
  static override summary = 'Create a volume (a random name when none is given); an existing one of that name is kept.';
  static override examples = [
    'islander volume create data',
    'islander volume create --driver tmpfs --opt size=64m --opt nr_inodes=1k scratch',
    'islander volume create --driver btrfs base',
    'islander volume create --driver btrfs --opt snapshot-of=base base-copy',
  ];
  static override args = {
    name: Args.string({description: 'volume name: letters, digits, _ . - (two characters at least)'}),
  };
  static override flags = {
    driver: Flags.string({char: 'd', description: 'volume driver: local (a directory), tmpfs, btrfs (a subvolume)', default: 'local'}),
    opt: Flags.string({char: 'o', description: 'driver option KEY=VALUE (tmpfs: size, nr_inodes, mode, uid, gid; btrfs: snapshot-of=NAME)', multiple: true}),
    label: Flags.string({description: 'label KEY=VALUE', multiple: true}),
  };
}
