import {pullImage} from '../../registry/pull.js';
import type {Handler} from '../dispatch.js';
import {printLines} from '../output.js';

/** Progress on a terminal only; the image id alone on stdout, as `image import` prints it. */
const imagePull: Handler = async ({args, flags}, {paths}) => {
  const result = await pullImage(paths, args.image!, {
    tlsVerify: flags['tls-verify'] !== false,
    progress: process.stderr.isTTY === true,
  });
  if (process.stderr.isTTY) process.stderr.write(`Digest: ${result.digest}\n`);
  printLines([`sha256:${result.image.id}`]);
};

export {imagePull as handler};
