/**
 * The managed-identity token response every client accepts (IMDS style): all values strings, `expires_on` and
 * `not_before` in epoch seconds (= the JWT's `exp` / `nbf`), `resource` echoing the request.
 */
import type { IssuedToken } from '../identity/types.js';

export interface MsiTokenBody {
  access_token: string;
  client_id: string;
  expires_in: string;
  expires_on: string;
  ext_expires_in: string;
  not_before: string;
  resource: string;
  token_type: 'Bearer';
}

/** Seconds the token has left, as the reply states them. */
export function msiExpiresIn(token: IssuedToken, nowSeconds: number): number {
  return Math.max(0, token.expiresOn - Math.floor(nowSeconds));
}

export function msiTokenBody(token: IssuedToken, clientId: string, nowSeconds: number): MsiTokenBody {
  const expiresIn = msiExpiresIn(token, nowSeconds);
  return {
    access_token: token.accessToken,
    client_id: clientId,
    expires_in: String(expiresIn),
    expires_on: String(token.expiresOn),
    ext_expires_in: String(expiresIn),
    not_before: String(token.notBefore),
    resource: token.resource,
    token_type: 'Bearer',
  };
}
