import {execInContainer} from '../../container/exec.js';
import type {Handler} from '../dispatch.js';
import {optionalString, stringList} from './flags.js';

const exec: Handler = async ({flags, argv}, {paths}) => {
  const [container, ...command] = argv;
  return execInContainer(paths, {
    container: container!,
    command,
    interactive: flags.interactive === true,
    tty: flags.tty === true,
    detach: flags.detach === true,
    env: stringList(flags.env),
    workdir: optionalString(flags.workdir),
    user: optionalString(flags.user),
  });
};

export {exec as handler};
