import {arch, release} from 'node:os';
import {islanderVersion} from '../../system/info.js';
import type {Handler} from '../dispatch.js';
import {printLines, printObject} from '../output.js';

const version: Handler = async ({flags}) => {
  const facts = {Version: islanderVersion(), NodeVersion: process.version, Os: 'linux', Arch: arch(), KernelVersion: release()};
  if (flags.format !== undefined) printObject(facts, String(flags.format));
  else printLines([`Islander: ${facts.Version}`, ` Node: ${facts.NodeVersion}`, ` OS/Arch: ${facts.Os}/${facts.Arch}`, ` Kernel: ${facts.KernelVersion}`]);
};

export {version as handler};
