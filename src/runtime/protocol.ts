/**
 * The isle-init sync protocol, version 1 (runtime-c/PROTOCOL.md): one JSON object per line, each with "v" and
 * "type". This module is the TypeScript half; runtime-c/protocol/fixtures/*.jsonl are golden lines both halves
 * are tested against.
 */
export const PROTOCOL_VERSION = 1;

export type RuntimeMessage =
  | {type: 'ready'; pid: number}
  | {type: 'spawned'; pid: number; shimPid: number; shimStartTime: number}
  | {type: 'started'; pid?: number}
  | {type: 'error'; stage: string; errno: number; message: string}
  | {type: 'exit'; exitCode?: number; signal?: number};

export class ProtocolError extends Error {}

export function parseMessage(line: string): RuntimeMessage {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ProtocolError(`isle-init sent a line that is not JSON: ${line.slice(0, 200)}`);
  }
  if (!isObject(value)) throw new ProtocolError(`isle-init sent a message that is not an object: ${line.slice(0, 200)}`);
  if (value.v !== PROTOCOL_VERSION) {
    throw new ProtocolError(`isle-init speaks protocol version ${String(value.v)}, this CLI speaks ${PROTOCOL_VERSION}; rebuild with 'make'`);
  }
  switch (value.type) {
    case 'ready':
      return {type: 'ready', pid: requireInt(value, 'pid')};
    case 'spawned':
      return {type: 'spawned', pid: requireInt(value, 'pid'), shimPid: requireInt(value, 'shimPid'), shimStartTime: requireInt(value, 'shimStartTime')};
    case 'started':
      // isle-init's `started` has no pid (its `ready` said it); isle-shim's repeats it, since restarts change it.
      return typeof value.pid === 'number' ? {type: 'started', pid: requireInt(value, 'pid')} : {type: 'started'};
    case 'error':
      return {type: 'error', stage: requireString(value, 'stage'), errno: requireInt(value, 'errno'), message: requireString(value, 'message')};
    case 'exit': {
      if (typeof value.signal === 'number') return {type: 'exit', signal: requireInt(value, 'signal')};
      return {type: 'exit', exitCode: requireInt(value, 'exitCode')};
    }
    default:
      throw new ProtocolError(`isle-init sent an unknown message type '${String(value.type)}'`);
  }
}

export function encodeStart(): string {
  return `${JSON.stringify({v: PROTOCOL_VERSION, type: 'start'})}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function requireInt(value: Record<string, unknown>, key: string): number {
  const field = value[key];
  if (typeof field !== 'number' || !Number.isInteger(field)) throw new ProtocolError(`isle-init message '${String(value.type)}' lacks an integer '${key}'`);
  return field;
}

function requireString(value: Record<string, unknown>, key: string): string {
  const field = value[key];
  if (typeof field !== 'string') throw new ProtocolError(`isle-init message '${String(value.type)}' lacks a string '${key}'`);
  return field;
}

/** Splits a byte stream into lines; a partial last line waits for more data. */
export class LineSplitter {
  private buffered = '';

  push(chunk: string): string[] {
    this.buffered += chunk;
    const lines = this.buffered.split('\n');
    this.buffered = lines.pop() ?? '';
    return lines.filter((line) => line.length > 0);
  }
}
