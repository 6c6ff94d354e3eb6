import {closeSync, constants, openSync} from 'node:fs';
import {connect, type Socket} from 'node:net';
import {IslanderError} from '../errors.js';
import type {StorePaths} from '../paths.js';
import {attachStreams, parseDetachKeys, type AttachOutcome} from '../runtime/attach-client.js';
import {isActive} from './record.js';
import {currentContainer} from './reconcile.js';
import {containerDirs} from './store.js';

/** `islander attach`: our terminal to a running container's stdio, until it exits or we detach. */
export async function attachContainer(paths: StorePaths, ref: string, options: {stdin: boolean; detachKeys: string}): Promise<AttachOutcome> {
  const detachKeys = parseDetachKeys(options.detachKeys);
  const record = await currentContainer(paths, ref);
  if (!isActive(record.state.status)) {
    throw new IslanderError('conflict', `container '${record.name}' is not running`, {suggestion: `start it with 'islander start -a ${record.name}'`});
  }
  const socket = await connectAttachSocket(containerDirs(paths, record.id).runDir);
  return attachStreams(socket, Buffer.alloc(0), {
    stdin: options.stdin && record.config.openStdin,
    tty: record.config.tty,
    detachKeys,
    signalPid: () => record.state.pid,
    sendInitialSize: true,
  });
}

/**
 * Connects to a shim's attach.sock. Socket paths are limited to 107 bytes and a store path can be longer, so
 * the path goes through our open descriptor of the runtime directory, as the shim's bind does.
 */
export async function connectAttachSocket(runDir: string): Promise<Socket> {
  const dirFd = openSync(runDir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    return await new Promise<Socket>((resolve, reject) => {
      const socket = connect(`/proc/self/fd/${dirFd}/attach.sock`);
      socket.once('connect', () => resolve(socket));
      socket.once('error', (error) => reject(new IslanderError('runtime', `cannot attach: ${error.message}`, {suggestion: 'the container may have just exited; see islander ps -a'})));
    });
  } finally {
    closeSync(dirFd);
  }
}
