import {prepareRun} from '../../container/prepare.js';
import {runContainer} from '../../container/run.js';
import {DEFAULT_DETACH_KEYS} from '../../runtime/attach-client.js';
import {traceMark} from '../../util/trace.js';
import type {Handler} from '../dispatch.js';
import {reportAttachOutcome} from '../attach-report.js';
import {resourceFlags, runOptions} from '../run-flags.js';
import {optionalString} from './flags.js';
import {printLineDirect} from '../output.js';

const run: Handler = async (parsed, {paths}) => {
  const spec = await prepareRun(paths, runOptions(parsed), resourceFlags(parsed));
  traceMark('validated');
  const detach = parsed.flags.detach === true;
  const {record, attach} = await runContainer(paths, spec, {detach, detachKeys: optionalString(parsed.flags['detach-keys']) ?? DEFAULT_DETACH_KEYS});
  if (detach) {
    printLineDirect(record.id);
    return 0;
  }
  traceMark('run done');
  return reportAttachOutcome(record.name, attach!, spec.resources.memory?.limit);
};

export {run as handler};
