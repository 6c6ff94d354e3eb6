import {Args} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';
import {CONTAINER_FLAGS} from '../cli/container-flags.js';

export default class Create extends IsleCommand {
  static override summary = 'Create an isle without starting it; prints its id.';
  static override aliases = ['container:create'];
  static override examples = ['islander create --name web alpine-stress sleep 1000', 'islander start -a web'];
  static override strict = false;
  static override stopAtFirstArg = true;
  static override args = {
    image: Args.string({description: 'image name, id or id prefix', required: true}),
    command: Args.string({description: "command and arguments (default: the image's)"}),
  };
  static override flags = CONTAINER_FLAGS;
}
