/** Time formats of the Blob service: RFC 1123 in headers and listings, 7-digit ISO 8601 in error messages. */

export function rfc1123(ms: number): string {
  return new Date(ms).toUTCString();
}

/** `2024-05-01T12:34:56.1230000Z` — the form of `Time:` lines in error messages. */
export function storageIsoTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

let lastTicks = 0n;

/**
 * A new ETag value (`0x8DC…`): .NET ticks of `ms`, kept strictly increasing so two writes in the same
 * millisecond still get different ETags.
 */
export function newEtag(ms: number): string {
  let ticks = BigInt(ms) * 10000n + 621355968000000000n;
  if (ticks <= lastTicks) ticks = lastTicks + 1n;
  lastTicks = ticks;
  return '0x' + ticks.toString(16).toUpperCase();
}

/** Parses an HTTP date (RFC 1123 / RFC 850 / asctime); undefined when invalid. */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
