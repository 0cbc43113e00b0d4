/** OAuth 2.0 token requests to the Entra token service (v2.0 endpoint), as az/MSAL sends them. */
import type { HttpClient } from '../http/http-client.js';
import { parseJsonBody } from '../http/http-client.js';
import { tokenError } from '../http/service-errors.js';
import { AZ_CLIENT_ID, LOGIN_ENDPOINT, USER_EXTRA_SCOPES } from './scopes.js';

export interface TokenResponse {
  access_token: string;
  token_type?: string;
  expires_in?: number | string;
  expires_on?: number | string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
}

export class TokenClient {
  constructor(
    private readonly http: HttpClient,
    readonly endpoint = LOGIN_ENDPOINT,
  ) {}

  password(tenant: string, username: string, password: string, scope: string): Promise<TokenResponse> {
    return this.post(tenant, {
      client_id: AZ_CLIENT_ID,
      grant_type: 'password',
      username,
      password,
      scope: `${scope} ${USER_EXTRA_SCOPES}`,
      client_info: '1',
    });
  }

  refresh(tenant: string, refreshToken: string, scope: string): Promise<TokenResponse> {
    return this.post(tenant, {
      client_id: AZ_CLIENT_ID,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      scope: `${scope} ${USER_EXTRA_SCOPES}`,
      client_info: '1',
    });
  }

  clientCredentials(tenant: string, clientId: string, secret: string, scope: string): Promise<TokenResponse> {
    return this.post(tenant, {
      client_id: clientId,
      grant_type: 'client_credentials',
      client_secret: secret,
      scope,
      client_info: '1',
    });
  }

  private async post(tenant: string, form: Record<string, string>): Promise<TokenResponse> {
    const res = await this.http.send({
      method: 'POST',
      url: `${this.endpoint}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
    });
    const body = parseJsonBody(res.text) as TokenResponse | undefined;
    if (res.status >= 400 || !body || typeof body !== 'object' || typeof body.access_token !== 'string') throw tokenError(res);
    return body;
  }
}

/** Expiry (epoch seconds) of a token response, as MSAL computes it (600 s when the service says nothing). */
export function expiresOnOf(res: TokenResponse, nowSeconds: number): number {
  const inSec = Number(res.expires_in);
  if (Number.isFinite(inSec) && inSec > 0) return nowSeconds + inSec;
  const on = Number(res.expires_on);
  if (Number.isFinite(on) && on > 0) return on;
  return nowSeconds + 600;
}
