import {pushImage} from '../../registry/push.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

/** Prints the pushed manifest's digest, which pins exactly what was pushed. */
const imagePush: Handler = async ({args, flags}, {paths}) => {
  const result = await pushImage(paths, args.image!, args.destination, {
    tlsVerify: flags['tls-verify'] !== false,
    progress: process.stderr.isTTY === true,
  });
  printLines([result.digest]);
};

export {imagePush as handler};
