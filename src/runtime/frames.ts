/**
 * The attach framing of isle-shim (runtime-c/PROTOCOL.md, "isle-shim"): 1 byte kind, 4 bytes big-endian payload
 * length, payload. Used on the shim's attach socket and on the start socket after `started`.
 */
export const FrameKind = {
  stdin: 1,
  stdout: 2,
  stderr: 3,
  resize: 4,
  closeStdin: 5,
  control: 6,
} as const;

export type FrameKindValue = (typeof FrameKind)[keyof typeof FrameKind];

export interface Frame {
  kind: number;
  payload: Buffer;
}

const HEADER = 5;

export function encodeFrame(kind: FrameKindValue, payload: Uint8Array = Buffer.alloc(0)): Buffer {
  const frame = Buffer.allocUnsafe(HEADER + payload.length);
  frame.writeUInt8(kind, 0);
  frame.writeUInt32BE(payload.length, 1);
  frame.set(payload, HEADER);
  return frame;
}

export function encodeResize(rows: number, columns: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt16BE(Math.min(rows, 0xffff), 0);
  payload.writeUInt16BE(Math.min(columns, 0xffff), 2);
  return encodeFrame(FrameKind.resize, payload);
}

/** Collects bytes and hands out whole frames; a partial frame waits for the rest. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    let offset = 0;
    while (this.pending.length - offset >= HEADER) {
      const length = this.pending.readUInt32BE(offset + 1);
      if (this.pending.length - offset < HEADER + length) break;
      frames.push({kind: this.pending.readUInt8(offset), payload: this.pending.subarray(offset + HEADER, offset + HEADER + length)});
      offset += HEADER + length;
    }
    this.pending = this.pending.subarray(offset);
    return frames;
  }
}

/** A CONTROL frame's JSON, as the shim sends it. */
export type ControlMessage =
  | {v: 1; type: 'exit'; exitCode?: number; signal?: number; oomKilled: boolean}
  | {v: 1; type: 'restarting'; restartCount: number}
  | {v: 1; type: 'started'; pid: number};

export function parseControl(payload: Buffer): ControlMessage | undefined {
  try {
    const message = JSON.parse(payload.toString('utf8')) as ControlMessage;
    return message.v === 1 ? message : undefined;
  } catch {
    return undefined;
  }
}
