import {Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Version extends IsleCommand {
  static override summary = 'Show the versions of Islander, Node and the host.';
  static override examples = ['islander version', "islander version --format '{{.Version}}'"];
  static override flags = {
    format: Flags.string({char: 'f', description: 'json, or a Go template over .Version .NodeVersion .Os .Arch .KernelVersion'}),
  };
}
