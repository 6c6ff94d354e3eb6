import {createFromSpec} from '../../container/create.js';
import {prepareRun} from '../../container/prepare.js';
import type {Handler} from '../dispatch.js';
import {resourceFlags, runOptions} from '../run-flags.js';

const create: Handler = async (parsed, {paths}) => {
  const record = await createFromSpec(paths, await prepareRun(paths, runOptions(parsed), resourceFlags(parsed)));
  process.stdout.write(`${record.id}\n`);
};

export {create as handler};
