import {Flags} from '@oclif/core';
import {IsleCommand} from '../cli/base-command.js';

export default class Info extends IsleCommand {
  static override summary = 'Show what this host gives Islander (cgroup version, storage driver, kernel) and what the store holds.';
  static override aliases = ['system:info'];
  static override examples = ['islander info', "islander info --format '{{.CgroupVersion}} {{.Driver}}'", 'islander info --format json'];
  static override flags = {
    format: Flags.string({char: 'f', description: "json, or a Go template over docker info's fields (.CgroupVersion, .Driver, .Containers ...)"}),
  };
}
