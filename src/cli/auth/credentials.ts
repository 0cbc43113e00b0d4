/**
 * Access tokens for the signed-in account: cached per scope, renewed with the refresh token (users) or
 * client credentials (service principals) when less than five minutes remain.
 */
import { CliError } from '../errors.js';
import { notLoggedInMessage, type SubscriptionEntry } from '../profile/profile-store.js';
import { accountKey, type CachedAccessToken, type TokenCache } from './token-cache.js';
import { expiresOnOf, type TokenClient, type TokenResponse } from './token-client.js';

export const REFRESH_MARGIN_SECONDS = 300;

export interface CredentialDeps {
  tokens: TokenClient;
  cache: TokenCache;
  nowSeconds: () => number;
  /** Username/password of the platform's admin, for silent re-login of an admin account. */
  adminPassword: () => { username: string; password: string };
}

export class Credentials {
  constructor(private readonly deps: CredentialDeps) {}

  async getToken(account: SubscriptionEntry, scope: string): Promise<CachedAccessToken> {
    const { user, tenantId } = account;
    const key = accountKey(user.type, user.name, tenantId);
    const entry = this.deps.cache.account(key);
    const hit = entry?.accessTokens[scope];
    if (hit && hit.expiresOn - this.deps.nowSeconds() > REFRESH_MARGIN_SECONDS) return hit;

    let res: TokenResponse;
    if (user.type === 'servicePrincipal') {
      const sp = this.deps.cache
        .servicePrincipals()
        .find((e) => e.client_id.toLowerCase() === user.name.toLowerCase() && e.tenant.toLowerCase() === tenantId.toLowerCase());
      if (!sp) throw new CliError(`No secret is stored for service principal '${user.name}'. ${notLoggedInMessage}`);
      res = await this.deps.tokens.clientCredentials(tenantId, sp.client_id, sp.client_secret, scope);
    } else if (entry?.refreshToken) {
      try {
        res = await this.deps.tokens.refresh(tenantId, entry.refreshToken, scope);
      } catch (e) {
        if (!entry.admin) throw reLoginHint(e);
        res = await this.adminLogin(tenantId, scope);
      }
    } else if (entry?.admin) {
      res = await this.adminLogin(tenantId, scope);
    } else {
      throw new CliError(notLoggedInMessage);
    }

    const token = { accessToken: res.access_token, expiresOn: expiresOnOf(res, this.deps.nowSeconds()) };
    this.deps.cache.updateAccount(key, (a) => ({
      ...a,
      refreshToken: res.refresh_token ?? a.refreshToken,
      accessTokens: { ...a.accessTokens, [scope]: token },
    }));
    return token;
  }

  private adminLogin(tenantId: string, scope: string): Promise<TokenResponse> {
    const admin = this.deps.adminPassword();
    return this.deps.tokens.password(tenantId, admin.username, admin.password, scope);
  }
}

function reLoginHint(e: unknown): unknown {
  if (!(e instanceof CliError)) return e;
  return new CliError(e.message, e.exitCode, [...e.detailLines, "Interactive authentication is needed. Please run:", 'az login']);
}
