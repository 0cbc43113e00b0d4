/**
 * Byte ranges of Get Blob: `x-ms-range` (wins) or `Range`, `bytes=start-[end]` or `bytes=-suffix`.
 * A malformed `Range` is ignored (plain HTTP semantics); a malformed `x-ms-range` is a 400; a start at or past the
 * end of the blob is 416 InvalidRange.
 */
import { blobErrors } from './blob-errors.js';

export interface ByteRange {
  start: number;
  /** Inclusive. */
  end: number;
}

const SPEC = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i;

/** Returns the range to serve, or undefined for the whole blob. */
export function resolveRange(headers: { xMsRange?: string; range?: string }, size: number): ByteRange | undefined {
  const raw = headers.xMsRange ?? headers.range;
  if (raw === undefined || raw === '') return undefined;
  const strict = headers.xMsRange !== undefined;
  const headerName = strict ? 'x-ms-range' : 'Range';
  const m = SPEC.exec(raw);
  if (!m || (m[1] === '' && m[2] === '')) {
    if (strict) throw blobErrors.invalidHeaderValue(headerName, raw);
    return undefined;
  }
  if (m[1] === '') {
    // Suffix: the last n bytes.
    const n = Number(m[2]);
    if (n === 0 || size === 0) throw blobErrors.invalidRange(size);
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? undefined : Number(m[2]);
  if (!Number.isSafeInteger(start) || (end !== undefined && !Number.isSafeInteger(end))) {
    if (strict) throw blobErrors.invalidHeaderValue(headerName, raw);
    return undefined;
  }
  if (end !== undefined && end < start) {
    if (strict) throw blobErrors.invalidHeaderValue(headerName, raw);
    return undefined;
  }
  if (start >= size) throw blobErrors.invalidRange(size);
  return { start, end: Math.min(end ?? size - 1, size - 1) };
}

export function contentRange(r: ByteRange, size: number): string {
  return `bytes ${r.start}-${r.end}/${size}`;
}
