/**
 * The `cerulean-exec` wire protocol spoken after the HTTP upgrade: frames of [type u8][length u32 BE][payload].
 * Client → server: START (JSON ExecStart), STDIN, STDIN_EOF, SIGNAL (signal name). Server → client:
 * STARTED (JSON {workloadId, pid}), STDOUT, STDERR, ERROR (JSON {code, message}), EXIT (JSON {code, signal}).
 * Pure and dependency-free: both the platform and the CLI use it.
 */
export const EXEC_UPGRADE_PROTOCOL = 'cerulean-exec';
export const EXEC_PATH = '/providers/Cerulean.Runtime/exec';

export const FrameType = {
  Start: 0x01,
  Stdin: 0x02,
  StdinEof: 0x03,
  Signal: 0x04,
  Started: 0x11,
  Stdout: 0x12,
  Stderr: 0x13,
  Error: 0x14,
  Exit: 0x15,
} as const;
export type FrameTypeValue = (typeof FrameType)[keyof typeof FrameType];

export const HEADER_BYTES = 5;
/** Largest payload accepted (the START frame carries the caller's environment). */
export const MAX_FRAME_PAYLOAD = 8 * 1024 * 1024;

export interface ExecStart {
  argv: string[];
  cwd: string;
  env: Record<string, string>;
}

export interface ExecExit {
  /** Exit status, or null when the process died by a signal. */
  code: number | null;
  signal: string | null;
}

export interface Frame {
  type: number;
  payload: Buffer;
}

export function encodeFrame(type: number, payload: Buffer | string = Buffer.alloc(0)): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const out = Buffer.allocUnsafe(HEADER_BYTES + body.length);
  out.writeUInt8(type, 0);
  out.writeUInt32BE(body.length, 1);
  body.copy(out, HEADER_BYTES);
  return out;
}

export function encodeJsonFrame(type: number, value: unknown): Buffer {
  return encodeFrame(type, JSON.stringify(value));
}

/** Incremental decoder: push chunks, get whole frames. Throws on an oversized frame. */
export class FrameDecoder {
  private buffered: Buffer[] = [];
  private length = 0;

  constructor(private readonly maxPayload = MAX_FRAME_PAYLOAD) {}

  push(chunk: Buffer): Frame[] {
    this.buffered.push(chunk);
    this.length += chunk.length;
    const frames: Frame[] = [];
    let buf = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered, this.length);
    let offset = 0;
    while (buf.length - offset >= HEADER_BYTES) {
      const size = buf.readUInt32BE(offset + 1);
      if (size > this.maxPayload) throw new Error(`exec frame of ${size} bytes exceeds the limit of ${this.maxPayload}`);
      if (buf.length - offset < HEADER_BYTES + size) break;
      frames.push({ type: buf.readUInt8(offset), payload: buf.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + size) });
      offset += HEADER_BYTES + size;
    }
    buf = buf.subarray(offset);
    this.buffered = buf.length > 0 ? [buf] : [];
    this.length = buf.length;
    return frames;
  }
}

export function parseJsonPayload<T>(frame: Frame): T {
  return JSON.parse(frame.payload.toString('utf8')) as T;
}

/** Exit status a shell would report: the code, or 128 + signal number. */
export function exitStatus(exit: ExecExit, signalNumbers: Record<string, number>): number {
  if (exit.code !== null && exit.code !== undefined) return exit.code;
  const n = exit.signal ? signalNumbers[exit.signal] : undefined;
  return n !== undefined ? 128 + n : 1;
}
