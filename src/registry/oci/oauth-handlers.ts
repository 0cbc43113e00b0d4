/**
 * ACR's token endpoints. `POST /oauth2/exchange`: an Entra access token (ARM or ACR audience) → an ACR refresh
 * token for that principal. `GET|POST /oauth2/token`: a refresh token (form `refresh_token`, or Basic auth with the
 * null GUID as user), or the admin user (form `username`/`password`, or Basic auth) → an access token whose `access`
 * holds, per requested scope, the actions the principal's role assignments at the registry allow.
 */
import type { Reply, RequestContext } from '../../http/operation.js';
import { ARM_AUDIENCES } from '../../identity/audiences.js';
import { TokenError } from '../../identity/types.js';
import { ApiError } from '../../shared/errors.js';
import { AcrTokenError, subjectOf, type AcrSubject } from './acr-tokens.js';
import type { AccessEntry } from './oci-errors.js';
import { NULL_GUID, basicCredentials, isAdminLogin } from './registry-auth.js';
import { resolveRegistry, type RegistryService } from './registry-service.js';
import { grantAccess, parseScopes } from './token-scopes.js';

/** Audiences an Entra token may carry to be exchanged: ARM's and ACR's own. */
export const EXCHANGE_AUDIENCES: readonly string[] = [...ARM_AUDIENCES, 'https://containerregistry.azure.net', 'https://containerregistry.azure.net/'];

function oauthError(status: number, code: string, message: string): ApiError {
  return new ApiError(status, code, message);
}

const unauthorized = (message: string) => oauthError(401, 'UNAUTHORIZED', message);

/** Query and form parameters together (form wins), with repeated `scope` values kept. */
function params(ctx: RequestContext): { get(name: string): string | undefined; scopes: string[] } {
  const form = ctx.rawBody && ctx.rawBody.length > 0 ? new URLSearchParams(ctx.rawBody.toString('utf8')) : new URLSearchParams();
  return {
    get: (name) => form.get(name) ?? ctx.query.get(name) ?? undefined,
    scopes: [...ctx.query.getAll('scope'), ...form.getAll('scope')],
  };
}

function checkService(service: string | undefined, loginServer: string): void {
  if (!service) throw oauthError(400, 'UNSUPPORTED', 'service is required');
  if (service.toLowerCase() !== loginServer) throw unauthorized(`service '${service}' does not match the registry '${loginServer}'`);
}

export async function exchangeHandler(svc: RegistryService, ctx: RequestContext): Promise<Reply> {
  const p = params(ctx);
  const service = p.get('service');
  const { loginServer } = resolveRegistry(svc, ctx, service);
  const grant = p.get('grant_type');
  if (grant !== 'access_token' && grant !== 'access_token_refresh_token') {
    throw oauthError(400, 'UNSUPPORTED', `grant type '${grant ?? ''}' is not supported; use 'access_token'`);
  }
  checkService(service, loginServer);
  const aad = p.get('access_token');
  if (!aad) throw oauthError(400, 'UNSUPPORTED', 'access_token is required');
  let principal;
  try {
    principal = await svc.pctx.tokens.verifyAccessToken(aad, EXCHANGE_AUDIENCES);
  } catch (e) {
    if (e instanceof TokenError) throw unauthorized(`the Azure AD access token is invalid: ${e.message}`);
    throw e;
  }
  const tenant = p.get('tenant');
  if (tenant && tenant.toLowerCase() !== principal.tenantId.toLowerCase()) {
    throw unauthorized(`tenant '${tenant}' does not match the access token's tenant '${principal.tenantId}'`);
  }
  const issued = svc.tokens.issueRefresh({ kind: 'principal', principal }, loginServer);
  return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: { refresh_token: issued.token } };
}

function fromRefreshToken(svc: RegistryService, token: string, loginServer: string): AcrSubject {
  try {
    return subjectOf(svc.tokens.verify(token, loginServer, 'refresh_token'));
  } catch (e) {
    if (e instanceof AcrTokenError) throw unauthorized(`the refresh token is invalid: ${e.message}`);
    throw e;
  }
}

/** Who asks: refresh token (form or Basic with the null GUID), admin user (form or Basic), or nobody. */
function subjectOfRequest(svc: RegistryService, ctx: RequestContext, p: ReturnType<typeof params>, loginServer: string): AcrSubject | undefined {
  const grant = p.get('grant_type');
  if (grant === 'refresh_token') {
    const rt = p.get('refresh_token');
    if (!rt) throw oauthError(400, 'UNSUPPORTED', 'refresh_token is required');
    return fromRefreshToken(svc, rt, loginServer);
  }
  let user: string | undefined;
  let password: string | undefined;
  if (grant === 'password' && (p.get('username') || p.get('password'))) {
    user = p.get('username') ?? '';
    password = p.get('password') ?? '';
  } else {
    const basic = basicCredentials(ctx.req.headers.authorization);
    if (basic) [user, password] = basic;
  }
  if (user === undefined || password === undefined) {
    if (grant !== undefined && grant !== 'password') throw oauthError(400, 'UNSUPPORTED', `grant type '${grant}' is not supported`);
    return undefined;
  }
  if (user === NULL_GUID) return fromRefreshToken(svc, password, loginServer);
  if (isAdminLogin(svc, ctx, user, password)) return { kind: 'admin', username: user };
  throw unauthorized('authentication required, invalid username or password');
}

export async function tokenHandler(svc: RegistryService, ctx: RequestContext): Promise<Reply> {
  const p = params(ctx);
  const service = p.get('service');
  const { loginServer, registry } = resolveRegistry(svc, ctx, service);
  checkService(service, loginServer);
  const requested = parseScopes(p.scopes);
  const subject = subjectOfRequest(svc, ctx, p, loginServer);
  let access: AccessEntry[];
  if (!subject) {
    if (!registry.properties.anonymousPullEnabled) throw unauthorized('authentication required');
    access = grantAccess(requested, (a) => a.endsWith('/pull/read'));
  } else if (subject.kind === 'admin') {
    access = grantAccess(requested, () => true);
  } else {
    const decided = new Map<string, boolean>();
    access = grantAccess(requested, (action) => {
      let ok = decided.get(action);
      if (ok === undefined) {
        ok = svc.pctx.authz.authorize({ principal: subject.principal, action, dataAction: false, scope: registry.id, plane: 'registry' }).allowed;
        decided.set(action, ok);
      }
      return ok;
    });
  }
  const issued = svc.tokens.issueAccess(subject ?? { kind: 'admin', username: '' }, loginServer, access);
  return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: { access_token: issued.token } };
}
