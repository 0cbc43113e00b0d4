/**
 * `x-ms-version`: the service versions accepted (2019-02-02 up to today's SDKs — @azure/storage-blob 12.32 sends
 * 2026-04-06) and the version echoed when a request names none.
 */
import { blobErrors } from './blob-errors.js';

export const OLDEST_VERSION = '2019-02-02';
export const NEWEST_VERSION = '2026-04-06';
/** Versions newer than NEWEST_VERSION are accepted up to this date (SDKs move faster than this list). */
const ACCEPT_UNTIL = '2027-12-31';

const FORMAT = /^\d{4}-\d{2}-\d{2}$/;

/** The version to serve and echo; throws InvalidHeaderValue for an unsupported one. */
export function resolveVersion(header: string | undefined): string {
  if (header === undefined) return NEWEST_VERSION;
  const v = header.trim();
  if (!FORMAT.test(v) || v < OLDEST_VERSION || v > ACCEPT_UNTIL || Number.isNaN(Date.parse(v))) {
    throw blobErrors.invalidHeaderValue('x-ms-version', header);
  }
  return v;
}
