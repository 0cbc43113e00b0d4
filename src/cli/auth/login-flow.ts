/** `az login` as a user (password grant) or a service principal (client credentials), then the subscription list. */
import { ArmClient, type Sleep } from '../http/arm-client.js';
import type { HttpClient } from '../http/http-client.js';
import { CliError } from '../errors.js';
import type { ProfileStore, SubscriptionEntry, UserType } from '../profile/profile-store.js';
import { accountKey, type TokenCache } from './token-cache.js';
import { expiresOnOf, type TokenClient, type TokenResponse } from './token-client.js';
import { ARM_SCOPE, jwtClaims } from './scopes.js';

export const SUBSCRIPTIONS_API_VERSION = '2022-12-01';

export interface LoginDeps {
  http: HttpClient;
  tokens: TokenClient;
  cache: TokenCache;
  profile: ProfileStore;
  nowSeconds: () => number;
  sleep: Sleep;
}

export interface UserLogin {
  username: string;
  password: string;
  tenant?: string;
  allowNoSubscriptions?: boolean;
  /** Signed in from the platform's admin credentials (may silently sign in again). */
  admin?: boolean;
}

export interface ServicePrincipalLogin {
  appId: string;
  secret: string;
  tenant: string;
  allowNoSubscriptions?: boolean;
}

export async function loginUser(deps: LoginDeps, login: UserLogin): Promise<SubscriptionEntry[]> {
  const res = await deps.tokens.password(login.tenant ?? 'organizations', login.username, login.password, ARM_SCOPE);
  const tenant = tenantOf(res, login.tenant);
  const subs = await subscriptionEntries(deps, res.access_token, { name: login.username, type: 'user' }, tenant, login.allowNoSubscriptions);
  deps.cache.updateAccount(accountKey('user', login.username, tenant), () => ({
    refreshToken: res.refresh_token,
    admin: login.admin || undefined,
    accessTokens: { [ARM_SCOPE]: { accessToken: res.access_token, expiresOn: expiresOnOf(res, deps.nowSeconds()) } },
  }));
  return deps.profile.addLogin(subs);
}

export async function loginServicePrincipal(deps: LoginDeps, login: ServicePrincipalLogin): Promise<SubscriptionEntry[]> {
  const res = await deps.tokens.clientCredentials(login.tenant, login.appId, login.secret, ARM_SCOPE);
  const tenant = tenantOf(res, login.tenant);
  const subs = await subscriptionEntries(deps, res.access_token, { name: login.appId, type: 'servicePrincipal' }, tenant, login.allowNoSubscriptions);
  deps.cache.saveServicePrincipal({ client_id: login.appId, tenant, client_secret: login.secret });
  deps.cache.updateAccount(accountKey('servicePrincipal', login.appId, tenant), () => ({
    accessTokens: { [ARM_SCOPE]: { accessToken: res.access_token, expiresOn: expiresOnOf(res, deps.nowSeconds()) } },
  }));
  return deps.profile.addLogin(subs);
}

/** The tenant a token belongs to: its `tid` claim, else client_info's `utid`, else what the caller named. */
function tenantOf(res: TokenResponse, requested?: string): string {
  const tid = jwtClaims(res.access_token).tid;
  if (typeof tid === 'string' && tid) return tid;
  if (res.client_info) {
    try {
      const info = JSON.parse(Buffer.from(res.client_info, 'base64url').toString('utf8')) as { utid?: string };
      if (info.utid) return info.utid;
    } catch {
      /* not JSON: fall through */
    }
  }
  if (requested && requested !== 'organizations') return requested;
  throw new CliError('The token service returned a token without a tenant (no tid claim).');
}

interface ArmSubscription {
  subscriptionId?: string;
  displayName?: string;
  state?: string;
  tenantId?: string;
  homeTenantId?: string;
  managedByTenants?: unknown[];
}

async function subscriptionEntries(
  deps: LoginDeps,
  accessToken: string,
  user: { name: string; type: UserType },
  tenant: string,
  allowNoSubscriptions = false,
): Promise<SubscriptionEntry[]> {
  const arm = new ArmClient(deps.http, async () => accessToken, deps.sleep);
  const items = (await arm.list('/subscriptions', SUBSCRIPTIONS_API_VERSION)) as ArmSubscription[];
  const subs: SubscriptionEntry[] = items
    .filter((s) => s.subscriptionId && (!s.tenantId || s.tenantId.toLowerCase() === tenant.toLowerCase()))
    .map((s) => ({
      id: s.subscriptionId!,
      name: s.displayName ?? s.subscriptionId!,
      state: s.state ?? 'Enabled',
      user,
      isDefault: false,
      tenantId: s.tenantId ?? tenant,
      environmentName: 'AzureCloud',
      homeTenantId: s.homeTenantId ?? s.tenantId ?? tenant,
      managedByTenants: s.managedByTenants ?? [],
    }));
  if (subs.length > 0) return subs;
  if (!allowNoSubscriptions) throw new CliError(`No subscriptions found for ${user.name}.`);
  return [
    {
      id: tenant,
      name: 'N/A(tenant level account)',
      state: 'Enabled',
      user,
      isDefault: false,
      tenantId: tenant,
      environmentName: 'AzureCloud',
      homeTenantId: tenant,
      managedByTenants: [],
    },
  ];
}
