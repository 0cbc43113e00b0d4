/** Reads a request body into memory with a size limit (streaming uploads never use this). */
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../shared/errors.js';

export const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

export function readBody(req: IncomingMessage, maxBytes = DEFAULT_MAX_BODY): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise((resolve, reject) => new BodyCollector(req, maxBytes, resolve, reject).start());
}

/** Collects the chunks of one body; settles its promise once (limit exceeded, end, error or abort). */
class BodyCollector {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  /** The promise has been resolved or rejected. */
  private settled = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly maxBytes: number,
    private readonly resolve: (body: Buffer) => void,
    private readonly reject: (err: unknown) => void,
  ) {}

  start(): void {
    // `on` rather than `once`: the promise settles once (see `settled`), and `once` would wrap each listener.
    const req = this.req;
    req.on('data', (chunk: Buffer) => this.onData(chunk));
    req.on('end', () => this.onEnd());
    req.on('error', (err: unknown) => this.fail(err));
    req.on('aborted', () => this.fail(new ApiError(400, 'RequestAborted', 'The client closed the connection before sending the whole request body.')));
  }

  private onEnd(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks));
  }

  private fail(err: unknown): void {
    if (!this.settled) this.reject(err);
    this.settled = true;
  }

  private onData(chunk: Buffer): void {
    if (this.settled) return;
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.settled = true;
      this.reject(tooLarge(this.maxBytes));
      return;
    }
    this.chunks.push(chunk);
  }
}

function tooLarge(max: number): ApiError {
  return new ApiError(413, 'RequestEntityTooLarge', `The request content is larger than the maximum of ${max} bytes allowed for this operation.`);
}

/**
 * An `application/x-www-form-urlencoded` body as name → value (the last of repeated names wins), exactly as
 * `Object.fromEntries(new URLSearchParams(text))` reads it, without building the intermediate list.
 */
export function parseForm(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const s = text.charCodeAt(0) === 0x3f ? text.slice(1) : text; // URLSearchParams drops one leading '?'
  let start = 0;
  while (start <= s.length) {
    let end = s.indexOf('&', start);
    if (end < 0) end = s.length;
    if (end > start) {
      const eq = s.indexOf('=', start);
      const hasValue = eq >= 0 && eq < end;
      const name = formDecode(s.slice(start, hasValue ? eq : end));
      const value = hasValue ? formDecode(s.slice(eq + 1, end)) : '';
      if (name === undefined || value === undefined) return Object.fromEntries(new URLSearchParams(s));
      if (name === '__proto__') Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
      else out[name] = value;
    }
    start = end + 1;
  }
  return out;
}

/** `+` is a space, then percent-decoding; undefined when the bytes are not valid UTF-8 (URLSearchParams' rules then apply). */
function formDecode(s: string): string | undefined {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  let pct = plus.indexOf('%');
  if (pct < 0) return plus;
  // Escapes of ASCII characters (`%3A`, `%2F`…) are decoded here, which spares a call into the runtime per value;
  // anything else (UTF-8 sequences, malformed escapes) is left to decodeURIComponent.
  let out = '';
  let from = 0;
  while (pct >= 0) {
    const hi = hexDigit(plus.charCodeAt(pct + 1));
    const lo = hexDigit(plus.charCodeAt(pct + 2));
    if (hi < 0 || hi > 7 || lo < 0) return decodeUtf8(plus);
    out += plus.slice(from, pct) + String.fromCharCode(hi * 16 + lo);
    from = pct + 3;
    pct = plus.indexOf('%', from);
  }
  return from < plus.length ? out + plus.slice(from) : out;
}

function decodeUtf8(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The value of one hexadecimal digit's character code, or -1 (also for NaN, past the end). */
function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x57 : -1;
}
