/**
 * How az 2.45 (`acr/_docker_utils.py`) gets registry credentials: find the registry through ARM (generic resource list
 * filtered by type, then the registry itself for its login server and admin flag), `GET https://<ls>/v2/` for the
 * challenge, `POST /oauth2/exchange` with the caller's ARM token (→ refresh token) and, for data commands,
 * `POST /oauth2/token` for a scope (→ access token). When that fails it warns and falls back to the admin user.
 */
import type { CommandContext } from '../../command-context.js';
import { ARM_SCOPE } from '../../auth/scopes.js';
import { CliError } from '../../errors.js';
import { parseJsonBody } from '../../http/http-client.js';
import { RESOURCES_API_VERSION } from '../group/group.js';

export const EMPTY_GUID = '00000000-0000-0000-0000-000000000000';
export const REGISTRY_RESOURCE_TYPE = 'Microsoft.ContainerRegistry/registries';
export const REGISTRY_API_VERSION = '2022-02-01-preview';
export const LOGIN_SERVER_SUFFIX = '.azurecr.io';
const AAD_TOKEN_BASE_ERROR_MESSAGE = 'Unable to get AAD authorization tokens with message';
const ADMIN_USER_BASE_ERROR_MESSAGE = 'Unable to get admin user credentials with message';

export interface RegistryInfo {
  loginServer: string;
  id?: string;
  adminUserEnabled?: boolean;
  /** Why ARM did not find it (az then falls back to `<name>.azurecr.io`). */
  notFound?: string;
}

export interface RegistryCredentials {
  loginServer: string;
  /** EMPTY_GUID with a token as password (Bearer), or the admin user (Basic). */
  username: string;
  password: string;
}

function azError(title: string, message: string): CliError {
  return new CliError(`An error occurred: ${title}\n${message}`);
}

export async function findRegistry(ctx: CommandContext, name: string): Promise<RegistryInfo> {
  const session = ctx.session();
  const sub = await session.subscription();
  const arm = session.arm();
  const found = (await arm.list(`/subscriptions/${sub.id}/resources`, RESOURCES_API_VERSION, { $filter: `resourceType eq '${REGISTRY_RESOURCE_TYPE}'` })).filter(
    (r) => String(r.name ?? '').toLowerCase() === name.toLowerCase(),
  );
  if (found.length === 0) {
    const notFound = `The resource with name '${name}' and type '${REGISTRY_RESOURCE_TYPE}' could not be found in subscription '${sub.name} (${sub.id})'.`;
    ctx.log.debug(`Could not get registry from service. Exception: ${notFound}`);
    return { loginServer: `${name}${LOGIN_SERVER_SUFFIX}`.toLowerCase(), notFound };
  }
  if (found.length > 1) throw new CliError(`More than one resources with type '${REGISTRY_RESOURCE_TYPE}' are found with name '${name}'.`);
  const id = String(found[0].id);
  const registry = (await arm.get(id, REGISTRY_API_VERSION)) as { properties?: { loginServer?: string; adminUserEnabled?: boolean } };
  return { id, loginServer: String(registry.properties?.loginServer ?? `${name}${LOGIN_SERVER_SUFFIX}`).toLowerCase(), adminUserEnabled: registry.properties?.adminUserEnabled === true };
}

/** `GET https://<ls>/v2/` → the Bearer challenge's realm and service (parsed as az does: no spaces after commas). */
export async function challenge(ctx: CommandContext, loginServer: string): Promise<{ realm: string; service: string }> {
  let res;
  try {
    res = await ctx.session().http.send({ method: 'GET', url: `https://${loginServer}/v2/`, headers: {} });
  } catch (e) {
    throw new CliError(
      `Could not connect to the registry login server '${loginServer}'. Please verify that the registry exists and the URL 'https://${loginServer}/v2/' is reachable from your environment.\n${(e as Error).message}`,
    );
  }
  const header = res.headers['www-authenticate'];
  if (res.status !== 401 || !header) throw azError('CONNECTIVITY_CHALLENGE_ERROR', `Registry '${loginServer}' did not issue a challenge.`);
  const [scheme, rest] = header.split(' ', 2);
  const params: Record<string, string> = {};
  if (scheme.toLowerCase() === 'bearer' && rest) {
    for (const part of rest.split(',')) {
      const [k, v] = part.trim().split('=', 2);
      if (k && v !== undefined) params[k] = v.replace(/^"|"$/g, '');
    }
  }
  if (!params.realm || !params.service) throw azError('CONNECTIVITY_AAD_LOGIN_ERROR', `Registry '${loginServer}' does not support AAD login.`);
  return { realm: params.realm, service: params.service };
}

async function postForm(ctx: CommandContext, url: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await ctx.session().http.send({
    method: 'POST',
    url,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: (parseJsonBody(res.text) ?? {}) as Record<string, unknown> };
}

/** The AAD flow: challenge, exchange (→ refresh token) and, with `scope`, the access token. */
export async function aadToken(ctx: CommandContext, loginServer: string, scope?: string): Promise<string> {
  const session = ctx.session();
  const { realm, service } = await challenge(ctx, loginServer);
  const origin = new URL(realm).origin;
  const sub = await session.subscription();
  const exchanged = await postForm(ctx, `${origin}/oauth2/exchange`, {
    grant_type: 'access_token',
    service,
    tenant: sub.tenantId,
    access_token: await session.token(ARM_SCOPE, sub),
  });
  const denied = (status: number, title: string) =>
    azError(title, `Access to registry '${loginServer}' was denied. Response code: ${status}. Please try running 'az login' again to refresh permissions.`);
  if (exchanged.status !== 200) throw denied(exchanged.status, 'CONNECTIVITY_REFRESH_TOKEN_ERROR');
  const refresh = String(exchanged.body.refresh_token ?? '');
  if (scope === undefined) return refresh;
  const token = await postForm(ctx, `${origin}/oauth2/token`, { grant_type: 'refresh_token', service: loginServer, scope, refresh_token: refresh });
  if (token.status !== 200) throw denied(token.status, 'CONNECTIVITY_ACCESS_TOKEN_ERROR');
  return String(token.body.access_token ?? '');
}

/** az's `_get_credentials`: AAD first, then the admin user, else the non-interactive error. */
export async function registryCredentials(ctx: CommandContext, name: string, scope?: string): Promise<RegistryCredentials> {
  const info = await findRegistry(ctx, name);
  try {
    return { loginServer: info.loginServer, username: EMPTY_GUID, password: await aadToken(ctx, info.loginServer, scope) };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    ctx.warn(`${AAD_TOKEN_BASE_ERROR_MESSAGE}: ${e.message}`);
  }
  if (info.id && info.adminUserEnabled) {
    const creds = (await ctx.session().arm().send({ method: 'POST', path: `${info.id}/listCredentials`, apiVersion: REGISTRY_API_VERSION })).body as {
      username?: string;
      passwords?: Array<{ value?: string }>;
    };
    return { loginServer: info.loginServer, username: String(creds.username ?? ''), password: String(creds.passwords?.[0]?.value ?? '') };
  }
  ctx.warn(`${ADMIN_USER_BASE_ERROR_MESSAGE}: ${info.id ? 'Admin user is disabled.' : info.notFound}`);
  throw new CliError('Unable to authenticate using AAD or admin login credentials. Please specify both username and password in non-interactive mode.');
}
