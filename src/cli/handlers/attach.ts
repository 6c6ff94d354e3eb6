import {attachContainer} from '../../container/attach.js';
import {DEFAULT_DETACH_KEYS} from '../../runtime/attach-client.js';
import {reportAttachOutcome} from '../attach-report.js';
import type {Handler} from '../dispatch.js';
import {optionalString} from './flags.js';

const attach: Handler = async ({args, flags}, {paths}) => {
  const ref = args.container!;
  const outcome = await attachContainer(paths, ref, {
    stdin: flags['no-stdin'] !== true,
    detachKeys: optionalString(flags['detach-keys']) ?? DEFAULT_DETACH_KEYS,
  });
  return reportAttachOutcome(ref, outcome);
};

export {attach as handler};
