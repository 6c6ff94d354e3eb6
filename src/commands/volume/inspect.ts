import {Args, Flags} from '@oclif/core';
import {IsleCommand} from '../../cli/base-command.js';

export default class VolumeInspect extends IsleCommand {
  static override summary = 'Show volumes as JSON (Docker\'s shape).';
  static override examples = ['islander volume inspect data'];
  static override strict = false;
  static override flags = {
    format: Flags.string({char: 'f', description: "a Go template for each one, as docker's -f: '{{.State.Status}}', '{{json .Config}}' (default: JSON)"}),
  };
  static override args = {
    name: Args.string({description: 'volume name (several allowed)', required: true}),
  };
}
