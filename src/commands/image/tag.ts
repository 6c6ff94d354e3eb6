import {Args} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImageTag extends IsleCommand {
  static override summary = 'Give an image another name: TARGET refers to SOURCE.';
  static override aliases = ['tag'];
  static override examples = ['islander tag alpine:3.19 alpine:latest', 'islander image tag 3f2a9c localhost:5000/team/app:1.0'];
  static override args = {
    source: Args.string({description: 'NAME[:TAG] or id of the image', required: true}),
    target: Args.string({description: 'the new NAME[:TAG]', required: true}),
  };
}
