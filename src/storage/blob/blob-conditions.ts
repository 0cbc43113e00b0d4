/**
 * HTTP conditional headers on blobs (If-Match, If-None-Match, If-Modified-Since, If-Unmodified-Since):
 * reads answer 304 where HTTP says so, writes 412 ConditionNotMet (409 BlobAlreadyExists for If-None-Match: *).
 */
import type { IncomingMessage } from 'node:http';
import { blobErrors } from './blob-errors.js';
import { header } from './blob-headers.js';
import { parseHttpDate } from './blob-time.js';

export interface Versioned {
  etag: string;
  lastModified: number;
}

function etagList(value: string): string[] {
  return value.split(',').map((s) => s.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1'));
}

function matches(value: string, etag: string): boolean {
  return etagList(value).some((e) => e === '*' || e === etag);
}

/** Whole seconds: HTTP dates carry no milliseconds. */
function secs(ms: number): number {
  return Math.floor(ms / 1000);
}

/** Returns 'not-modified' when a read should answer 304; throws when a precondition fails. */
export function checkReadConditions(req: IncomingMessage, target: Versioned): 'ok' | 'not-modified' {
  const ifMatch = header(req, 'if-match');
  if (ifMatch !== undefined && !matches(ifMatch, target.etag)) throw blobErrors.conditionNotMet();
  const ifUnmod = parseHttpDate(header(req, 'if-unmodified-since'));
  if (ifUnmod !== undefined && secs(target.lastModified) > secs(ifUnmod)) throw blobErrors.conditionNotMet();
  const ifNone = header(req, 'if-none-match');
  if (ifNone !== undefined && matches(ifNone, target.etag)) return 'not-modified';
  const ifMod = parseHttpDate(header(req, 'if-modified-since'));
  if (ifNone === undefined && ifMod !== undefined && secs(target.lastModified) <= secs(ifMod)) return 'not-modified';
  return 'ok';
}

/** Preconditions of a write to `target` (undefined when the blob does not exist yet). */
export function checkWriteConditions(req: IncomingMessage, target: Versioned | undefined): void {
  const ifMatch = header(req, 'if-match');
  const ifNone = header(req, 'if-none-match');
  const ifMod = parseHttpDate(header(req, 'if-modified-since'));
  const ifUnmod = parseHttpDate(header(req, 'if-unmodified-since'));
  if (!target) {
    if (ifMatch !== undefined) throw blobErrors.conditionNotMet();
    return;
  }
  if (ifNone !== undefined && etagList(ifNone).includes('*')) throw blobErrors.blobAlreadyExists();
  if (ifMatch !== undefined && !matches(ifMatch, target.etag)) throw blobErrors.conditionNotMet();
  if (ifNone !== undefined && matches(ifNone, target.etag)) throw blobErrors.conditionNotMet();
  if (ifMod !== undefined && secs(target.lastModified) <= secs(ifMod)) throw blobErrors.conditionNotMet();
  if (ifUnmod !== undefined && secs(target.lastModified) > secs(ifUnmod)) throw blobErrors.conditionNotMet();
}
