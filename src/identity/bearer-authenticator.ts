/**
 * The bearer-token authenticator every plane that accepts Entra tokens puts in its chain: reads
 * `Authorization: Bearer …`, verifies it with the token service against the plane's accepted audiences.
 */
import type { ApiError } from '../shared/errors.js';
import type { Caller, RequestContext } from '../http/operation.js';
import type { Authenticator } from '../http/plane.js';
import { TokenError, type TokenService } from './types.js';

export type AudienceSource = readonly string[] | ((ctx: RequestContext) => readonly string[]);

/** The raw token of an `Authorization: Bearer <token>` header (scheme case-insensitive), or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(value);
  return m ? m[1] : undefined;
}

/**
 * No `Authorization` header (or another scheme, for the next authenticator) ⇒ undefined;
 * `Bearer` with an empty or invalid token ⇒ throws `onError(reason)`.
 */
export function bearerAuthenticator(
  tokens: TokenService,
  audiences: AudienceSource,
  onError: (e: TokenError | 'missing', ctx: RequestContext) => ApiError,
): Authenticator {
  return async (ctx: RequestContext): Promise<Caller | undefined> => {
    const header = ctx.req.headers.authorization;
    if (header === undefined) return undefined;
    const value = Array.isArray(header) ? header[0] : header;
    if (!/^\s*bearer(\s|$)/i.test(value ?? '')) return undefined;
    const token = bearerToken(value);
    if (!token) throw onError('missing', ctx);
    const accepted = typeof audiences === 'function' ? audiences(ctx) : audiences;
    try {
      const principal = await tokens.verifyAccessToken(token, accepted);
      return { principal, scheme: 'bearer' };
    } catch (e) {
      if (e instanceof TokenError) throw onError(e, ctx);
      throw e;
    }
  };
}
