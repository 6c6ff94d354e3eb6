import {usageError} from '../../errors.js';
import {randomBytesFromKernel} from '../../util/random.js';
import {validateDriver} from '../../volume/drivers.js';
import {createVolume} from '../../volume/store.js';
import type {Handler} from '../dispatch.js';
import {optionalString, stringList} from './flags.js';

const volumeCreate: Handler = async ({args, flags}, {paths}) => {
  const name = optionalString(args.name) ?? randomBytesFromKernel(32).toString('hex');
  const {volume} = await createVolume(paths, name, {
    driver: validateDriver(optionalString(flags.driver) ?? 'local'),
    options: keyValues(stringList(flags.opt), '--opt'),
    labels: keyValues(stringList(flags.label), '--label'),
  });
  process.stdout.write(`${volume.Name}\n`);
};

function keyValues(list: readonly string[], flag: string): Record<string, string> {
  const result: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw usageError(`invalid ${flag} '${item}': use KEY=VALUE`);
    result[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return result;
}

export {volumeCreate as handler};
