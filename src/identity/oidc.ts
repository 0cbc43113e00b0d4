/**
 * Discovery on the login plane: OpenID configuration (v1 and v2), JWKS, MSAL instance discovery and the user
 * realm lookup `az login -u -p` makes. Shapes follow Entra's documents field for field.
 */
import type { Operation, Reply, RequestContext } from '../http/operation.js';
import type { PlatformContext } from '../platform/context.js';
import type { KeyRing } from './key-ring.js';
import { resolveTenant } from './tenants.js';
import { isKnownLoginHost, v2Issuer } from './id-token.js';
import { v1Issuer } from './token-service.js';
import { unknownInstance } from './oauth-errors.js';

const CLOUD_FIELDS = {
  tenant_region_scope: 'NA',
  cloud_instance_name: 'microsoftonline.com',
  cloud_graph_host_name: 'graph.windows.net',
  msgraph_host: 'graph.microsoft.com',
  rbac_url: 'https://pas.windows.net',
};

const PUBLIC_CLOUD_ALIASES = ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'];

function json(body: unknown, extraHeaders: Record<string, string> = {}): Reply {
  return { status: 200, headers: { 'cache-control': 'max-age=86400, private', ...extraHeaders }, body };
}

export function openIdConfigurationV1(pctx: PlatformContext, ctx: RequestContext): Reply {
  const t = resolveTenant(pctx, ctx.params.tenant);
  const base = `${ctx.origin}/${t.pathSegment}`;
  return json({
    token_endpoint: `${base}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${ctx.origin}/common/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: t.multiTenant ? 'https://sts.windows.net/{tenantid}/' : v1Issuer(t.tenantId),
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${base}/oauth2/authorize`,
    device_authorization_endpoint: `${base}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/logout`,
    claims_supported: [
      'sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat',
      'auth_time', 'acr', 'amr', 'nonce', 'email', 'given_name', 'family_name', 'nickname',
    ],
    check_session_iframe: `${base}/oauth2/checksession`,
    userinfo_endpoint: `${base}/openid/userinfo`,
    kerberos_endpoint: `${base}/kerberos`,
    ...CLOUD_FIELDS,
  });
}

export function openIdConfigurationV2(pctx: PlatformContext, ctx: RequestContext): Reply {
  const t = resolveTenant(pctx, ctx.params.tenant);
  const base = `${ctx.origin}/${t.pathSegment}`;
  return json({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: v2Issuer(ctx.origin, ctx.host, t.multiTenant ? '{tenantid}' : t.tenantId),
    request_uri_parameter_supported: false,
    userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub', 'iss', 'cloud_instance_name', 'cloud_instance_host_name', 'cloud_graph_host_name', 'msgraph_host', 'aud', 'exp', 'iat',
      'auth_time', 'acr', 'nonce', 'preferred_username', 'name', 'tid', 'ver', 'at_hash', 'c_hash', 'email',
    ],
    kerberos_endpoint: `${base}/kerberos`,
    ...CLOUD_FIELDS,
  });
}

export function jwks(pctx: PlatformContext, keyRing: KeyRing, ctx: RequestContext): Reply {
  const segment = ctx.params.tenant ?? 'common';
  const t = resolveTenant(pctx, segment);
  const issuer = v2Issuer(ctx.origin, ctx.host, t.multiTenant ? '{tenantid}' : t.tenantId);
  return json(keyRing.jwks(issuer));
}

/**
 * MSAL instance discovery: `authorization_endpoint` names the authority MSAL is about to use; reply with where to
 * find its tenant's OpenID configuration and which host names are aliases of one another.
 */
export function instanceDiscovery(ctx: RequestContext): Reply {
  const endpoint = ctx.query.get('authorization_endpoint');
  const metadata: Array<{ preferred_network: string; preferred_cache: string; aliases: string[] }> = [
    { preferred_network: 'login.microsoftonline.com', preferred_cache: 'login.windows.net', aliases: PUBLIC_CLOUD_ALIASES },
  ];
  const ownHost = new URL(ctx.origin).host;
  if (!isKnownLoginHost(ctx.host)) metadata.push({ preferred_network: ownHost, preferred_cache: ownHost, aliases: [ownHost] });
  let tenantDiscovery = `${ctx.origin}/common/v2.0/.well-known/openid-configuration`;
  if (endpoint) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw unknownInstance();
    }
    const known = isKnownLoginHost(url.hostname) || url.host === ownHost;
    if (!known || url.protocol !== 'https:') throw unknownInstance();
    const parts = url.pathname.split('/').filter(Boolean);
    const tenant = parts[0] ?? 'common';
    const v2 = parts.some((p) => p.toLowerCase() === 'v2.0');
    tenantDiscovery = `${url.origin}/${tenant}${v2 ? '/v2.0' : ''}/.well-known/openid-configuration`;
  }
  return json({ tenant_discovery_endpoint: tenantDiscovery, 'api-version': '1.1', metadata });
}

/** `GET /common/userrealm/{upn}`: whether the account's domain is managed here (no federation in Cerulean). */
export function userRealm(pctx: PlatformContext, ctx: RequestContext): Reply {
  const login = ctx.params.upn ?? '';
  const at = login.lastIndexOf('@');
  const domain = at >= 0 ? login.slice(at + 1) : '';
  const ours = [pctx.directory.domain, pctx.config.tenantDomain].some((d) => d && d.toLowerCase() === domain.toLowerCase());
  const accountType = ours ? 'Managed' : 'Unknown';
  const body: Record<string, unknown> = {
    ver: '1.0',
    account_type: accountType,
    ...(ours ? { domain_name: domain } : {}),
    cloud_instance_name: 'microsoftonline.com',
    cloud_audience_urn: 'urn:federation:MicrosoftOnline',
  };
  if (ctx.query.get('api-version') === '2.0') {
    Object.assign(body, { NameSpaceType: accountType, Login: login, DomainName: domain, FederationBrandName: ours ? domain : null });
  }
  return { status: 200, headers: { 'cache-control': 'no-store, no-cache' }, body };
}

export function discoveryOperations(pctx: PlatformContext, keyRing: KeyRing): Operation[] {
  const get = (id: string, path: string, handler: Operation['handler']): Operation => ({ id, method: 'GET', path, auth: 'none', body: 'none', handler });
  return [
    get('OpenIdConfiguration_V1', '/{tenant}/.well-known/openid-configuration', (ctx) => openIdConfigurationV1(pctx, ctx)),
    get('OpenIdConfiguration_V2', '/{tenant}/v2.0/.well-known/openid-configuration', (ctx) => openIdConfigurationV2(pctx, ctx)),
    get('Keys_V1', '/{tenant}/discovery/keys', (ctx) => jwks(pctx, keyRing, ctx)),
    get('Keys_V2', '/{tenant}/discovery/v2.0/keys', (ctx) => jwks(pctx, keyRing, ctx)),
    get('InstanceDiscovery', '/{tenant}/discovery/instance', (ctx) => instanceDiscovery(ctx)),
    get('UserRealm', '/common/userrealm/{upn}', (ctx) => userRealm(pctx, ctx)),
  ];
}
