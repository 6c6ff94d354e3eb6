import {systemInfo} from '../../system/info.js';
import type {Handler} from '../dispatch.js';
import {humanSize, printLines, printObject} from '../output.js';

/** `docker info`'s layout: one "Key: value" line each, or JSON / a template with --format. */
const info: Handler = async ({flags}, {paths}) => {
  const facts = await systemInfo(paths);
  if (flags.format !== undefined) {
    printObject(facts, String(flags.format));
    return;
  }
  printLines([
    `Server Version: ${facts.ServerVersion}`,
    `Containers: ${facts.Containers}`,
    ` Running: ${facts.ContainersRunning}`,
    ` Paused: ${facts.ContainersPaused}`,
    ` Stopped: ${facts.ContainersStopped}`,
    `Images: ${facts.Images}`,
    `Volumes: ${facts.Volumes}`,
    `Storage Driver: ${facts.Driver}`,
    `Cgroup Driver: ${facts.CgroupDriver}`,
    `Cgroup Version: ${facts.CgroupVersion || 'none mounted: containers cannot start'}`,
    `Runtime: ${facts.Runtime}`,
    `Kernel Version: ${facts.KernelVersion}`,
    `Operating System: ${facts.OperatingSystem}`,
    `OSType: ${facts.OSType}`,
    `Architecture: ${facts.Architecture}`,
    `CPUs: ${facts.NCPU}`,
    `Total Memory: ${humanSize(facts.MemTotal)}`,
    `Name: ${facts.Name}`,
    `Islander Root Dir: ${facts.DockerRootDir}`,
    `Run Root: ${facts.RunRoot}`,
  ]);
};

export {info as handler};
