import {IslanderError} from '../errors.js';

interface StartFailure {
  stage: string;
  errno: number;
  message: string;
}

const ENOENT = 2;
const EACCES = 13;
const ENOEXEC = 8;
const EPERM = 1;

const STAGE_HINTS: Record<string, string> = {
  config: 'the bundle was written by a different Islander version; remove the container and run it again',
  rootfs: 'check that overlayfs is available (modprobe overlay) and that the image store is intact',
  mount: 'check the mount options; run again with --debug for the runtime message',
  pivot_root: 'the state directory must not be on a filesystem that forbids pivot_root (ramfs, initramfs)',
  clone: 'the kernel refused to create namespaces; are you root, and are namespaces enabled?',
  user: "check the image's /etc/passwd and the --user value",
  cwd: 'check -w/--workdir: the directory must exist in the container and be open to its user',
  rlimits: "check --ulimit: raising a hard limit above islander's own takes CAP_SYS_RESOURCE",
  sysctl: 'check --sysctl: the key must exist in this kernel and take the value',
};

/** Turns isle-init's structured failure into the one sentence the user reads, with Docker's exit codes. */
export function describeStartFailure(failure: StartFailure, args: readonly string[]): IslanderError {
  const command = args[0] ?? '';
  if (failure.stage === 'exec') {
    if (failure.errno === ENOENT) {
      return new IslanderError('command-not-found', `the command '${command}' was not found in the container`, {
        suggestion: "check the image's PATH or give the command's full path",
      });
    }
    if (failure.errno === EACCES || failure.errno === ENOEXEC || failure.errno === EPERM) {
      return new IslanderError('command-not-executable', `the command '${command}' cannot be executed: ${errnoText(failure)}`, {
        suggestion: 'check that it is an executable file for this machine (chmod +x)',
      });
    }
  }
  if (failure.stage === 'cwd' && failure.errno === ENOENT) {
    return new IslanderError('runtime', `the working directory does not exist in the container: ${failure.message}`, {suggestion: STAGE_HINTS.cwd});
  }
  return new IslanderError('runtime', `the container could not start (${failure.stage}): ${failure.message}`, {
    suggestion: STAGE_HINTS[failure.stage] ?? 'run again with --debug',
  });
}

function errnoText(failure: StartFailure): string {
  const colon = failure.message.lastIndexOf(': ');
  return colon === -1 ? failure.message : failure.message.slice(colon + 2);
}
