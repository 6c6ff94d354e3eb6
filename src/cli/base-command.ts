import {Command, Flags} from '@oclif/core';
import {dispatch, reportError} from './dispatch.js';
import type {CommandSpec, FlagSpec} from './parse.js';

/**
 * Base of every Islander command. Subclasses declare flags, args and examples only; `run()` hands the argv to
 * the shared dispatcher, the same path the fast entry point takes without loading oclif.
 */
export abstract class IsleCommand extends Command {
  static override baseFlags = {
    root: Flags.string({description: 'state directory (default /var/lib/islander; env ISLANDER_ROOT)', helpGroup: 'GLOBAL'}),
    runroot: Flags.string({description: 'runtime state directory (default /run/islander, or ROOT/run with --root; env ISLANDER_RUNROOT)', helpGroup: 'GLOBAL'}),
    debug: Flags.boolean({description: 'show stack traces and runtime details on errors', helpGroup: 'GLOBAL'}),
  };

  /** Docker's rule for run/exec: flags end at the first positional argument. */
  static stopAtFirstArg = false;

  async run(): Promise<void> {
    const ctor = this.ctor as typeof IsleCommand;
    const flags: Record<string, FlagSpec> = {};
    for (const [name, flag] of Object.entries({...ctor.baseFlags, ...ctor.flags})) {
      flags[name] = {name, type: flag.type, char: flag.char, aliases: flag.aliases, multiple: 'multiple' in flag ? flag.multiple : false, allowNo: 'allowNo' in flag ? flag.allowNo : false};
    }
    const spec: CommandSpec = {
      id: this.id ?? '',
      flags,
      args: Object.fromEntries(Object.entries(ctor.args ?? {}).map(([name, arg]) => [name, {name, required: arg.required}])),
      strict: ctor.strict,
      stopAtFirstArg: ctor.stopAtFirstArg,
    };
    try {
      process.exitCode = await dispatch(spec, this.argv);
    } catch (error) {
      process.exitCode = reportError(error, this.argv.includes('--debug'));
    }
  }
}
