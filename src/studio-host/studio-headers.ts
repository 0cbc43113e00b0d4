/** Headers every studio response carries: a Content Security Policy and the usual hardening. */
import type { ServerResponse } from 'node:http';

/**
 * Scripts, styles, fonts and images only from the studio's own origin (Vite emits no inline script); API calls to
 * any HTTPS origin, because the planes are many hosts (`{account}.blob.core.windows.net`, scoring hosts…).
 */
export const STUDIO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' https:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self' https:",
  "frame-ancestors 'none'",
].join('; ');

export const STUDIO_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': STUDIO_CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

export function setSecurityHeaders(res: ServerResponse): void {
  for (const [k, v] of Object.entries(STUDIO_SECURITY_HEADERS)) res.setHeader(k, v);
}

/** Adds a name to `Vary` without dropping what is already there (CORS sets `Vary: Origin` first). */
export function appendVary(res: ServerResponse, name: string): void {
  const current = res.getHeader('vary');
  const list = current === undefined ? [] : String(current).split(/\s*,\s*/).filter(Boolean);
  if (!list.some((v) => v.toLowerCase() === name.toLowerCase())) list.push(name);
  res.setHeader('Vary', list.join(', '));
}
