import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class ImageInspect extends IsleCommand {
  static override summary = 'Show images as Docker-shaped JSON.';
  static override examples = ['islander image inspect alpine-stress', 'islander image inspect sha256:3f2a9c'];
  static override strict = false;
  static override flags = {
    format: Flags.string({char: 'f', description: "a Go template for each one, as docker's -f: '{{.State.Status}}', '{{json .Config}}' (default: JSON)"}),
  };
  static override args = {
    image: Args.string({description: 'NAME[:TAG], id or id prefix (several allowed)', required: true}),
  };
}
