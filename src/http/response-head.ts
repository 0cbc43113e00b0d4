/**
 * The response head of a pipeline reply. Every response carries `x-ms-request-id` as its first header. A buffered
 * reply to a request nothing else has touched the response of goes out with a single `writeHead(status, [...])`
 * (no per-header `setHeader` bookkeeping); anything else sets the request id first with `setHeader`, so headers set
 * earlier (CORS, a plane's `validate`, a handler) keep their place after it. The bytes are the same either way.
 */
import type { ServerResponse } from 'node:http';
import type { Reply } from './operation.js';

export const REQUEST_ID_HEADER = 'x-ms-request-id';

/** A response and the request id it carries. */
export interface ResponseHead {
  readonly res: ServerResponse;
  readonly requestId: string;
  /** `x-ms-request-id` is on `res` (set with `setHeader`). */
  requestIdSet: boolean;
}

/**
 * Sets `x-ms-request-id` on the response, ahead of any header already set (as if it had been set first). A value
 * something else set under that name meanwhile is kept, in first place.
 */
export function setRequestIdFirst(head: ResponseHead): void {
  if (head.requestIdSet) return;
  head.requestIdSet = true;
  const res = head.res;
  // The names as they were set (case kept); node:http has it since v15.13, the types for Node 20 leave it out.
  const names = (res as unknown as { getRawHeaderNames(): string[] }).getRawHeaderNames();
  if (names.length === 0) {
    res.setHeader(REQUEST_ID_HEADER, head.requestId);
    return;
  }
  const values = names.map((n) => res.getHeader(n)!);
  for (const n of names) res.removeHeader(n);
  const own = names.findIndex((n) => n.toLowerCase() === REQUEST_ID_HEADER);
  if (own >= 0) res.setHeader(names[own], values[own]);
  else res.setHeader(REQUEST_ID_HEADER, head.requestId);
  for (let i = 0; i < names.length; i++) if (i !== own) res.setHeader(names[i], values[i]);
}

/** Sets the reply's headers on the response, one by one. */
export function setReplyHeaders(res: ServerResponse, reply: Reply): void {
  const h = reply.headers;
  if (h) for (const k in h) res.setHeader(k, h[k]);
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Sends a buffered reply: the request id, the reply's headers in their order, `content-length` (unless the reply has
 * one; none for an empty 204/304), and the body. With `json` (a body the pipeline serialised), `content-type` is
 * added when the reply has none and `content-length` is always the length of `payload`.
 */
export function sendBuffered(head: ResponseHead, reply: Reply, payload: string | Buffer | undefined, json = false): void {
  const res = head.res;
  if (!head.requestIdSet && res.getHeaderNames().length === 0 && sendInOneHead(res, head.requestId, reply, payload, json)) return;
  setRequestIdFirst(head);
  setReplyHeaders(res, reply);
  const status = reply.status;
  res.statusCode = status;
  if (json && !res.hasHeader('content-type')) res.setHeader('content-type', JSON_CONTENT_TYPE);
  if (payload === undefined) {
    if (!res.hasHeader('content-length') && status !== 204 && status !== 304) res.setHeader('content-length', 0);
    res.end();
    return;
  }
  if (json || !res.hasHeader('content-length')) res.setHeader('content-length', byteLength(payload));
  endWith(res, payload);
}

/**
 * The single-`writeHead` path. Declines (returns false, having written nothing) when the reply names a header twice
 * in different cases or sets `x-ms-request-id` itself: `setHeader` semantics decide those.
 */
function sendInOneHead(res: ServerResponse, requestId: string, reply: Reply, payload: string | Buffer | undefined, json: boolean): boolean {
  const fields: Array<string | number | string[]> = [REQUEST_ID_HEADER, requestId];
  const lower: string[] = [REQUEST_ID_HEADER];
  let hasType = false;
  let hasLength = false;
  const h = reply.headers;
  if (h) {
    for (const k in h) {
      const lk = k.toLowerCase();
      if (lower.includes(lk)) return false;
      lower.push(lk);
      if (lk === 'content-length') {
        hasLength = true;
        if (json) {
          // As `setHeader('content-length', …)` would: the length of the serialised body, under that name.
          fields.push('content-length', byteLength(payload!));
          continue;
        }
      } else if (lk === 'content-type') hasType = true;
      fields.push(k, h[k]);
    }
  }
  const status = reply.status;
  if (json && !hasType) fields.push('content-type', JSON_CONTENT_TYPE);
  if (!hasLength) {
    if (payload !== undefined) fields.push('content-length', byteLength(payload));
    else if (status !== 204 && status !== 304) fields.push('content-length', 0);
  }
  const statusMessage = res.statusMessage;
  try {
    res.writeHead(status, fields);
  } catch (err) {
    // An invalid status or header: nothing was written; leave the response as it was for the error reply.
    res.statusMessage = statusMessage;
    throw err;
  }
  if (payload === undefined) res.end();
  else endWith(res, payload);
  return true;
}

function endWith(res: ServerResponse, payload: string | Buffer): void {
  if (typeof payload === 'string') res.end(payload, 'utf8');
  else res.end(payload);
}

function byteLength(payload: string | Buffer): number {
  return typeof payload === 'string' ? Buffer.byteLength(payload, 'utf8') : payload.length;
}
