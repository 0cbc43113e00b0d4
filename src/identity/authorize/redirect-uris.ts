/**
 * Where the authorize endpoint may send a browser back to. Only the studio client has redirect URIs:
 * `${origin}/auth/callback` for each studio origin, read at request time (direct origins appear after start-up).
 */
import type { PlatformContext } from '../../platform/context.js';
import { isStudioClient } from '../public-clients.js';

export const STUDIO_CALLBACK_PATH = '/auth/callback';

export function registeredRedirectUris(pctx: PlatformContext, clientId: string): string[] {
  if (!isStudioClient(clientId)) return [];
  return [...pctx.studio.origins].map((o) => `${o.replace(/\/+$/, '')}${STUDIO_CALLBACK_PATH}`);
}

/** Exact match, as Entra compares redirect URIs (case and trailing slash matter). */
export function isRegisteredRedirectUri(pctx: PlatformContext, clientId: string, redirectUri: string): boolean {
  return registeredRedirectUris(pctx, clientId).includes(redirectUri);
}

/** Whether `url` is on one of the studio's origins (post-logout redirects). */
export function isStudioUrl(pctx: PlatformContext, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.username || parsed.password) return false;
  for (const o of pctx.studio.origins) {
    let origin: string;
    try {
      origin = new URL(o).origin;
    } catch {
      continue;
    }
    if (origin === parsed.origin) return true;
  }
  return false;
}
