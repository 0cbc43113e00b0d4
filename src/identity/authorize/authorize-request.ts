/**
 * Validates an authorize request in Entra's order. A bad tenant, client or redirect URI is answered on an error
 * page (the browser is never sent to an unverified address); every later problem is reported to the (registered)
 * redirect URI as `error`/`error_description`/`state`, per RFC 6749 §4.1.2.1.
 */
import type { ApiError } from '../../shared/errors.js';
import type { PlatformContext } from '../../platform/context.js';
import { resolveTenant, type ResolvedTenant } from '../tenants.js';
import { isFirstPartyPublicClient } from '../public-clients.js';
import {
  applicationNotFound,
  invalidCodeChallengeMethod,
  invalidCodeChallengeSize,
  missingParameter,
  pkceRequired,
  redirectUriMismatch,
  responseTypeNotEnabled,
} from '../oauth-errors.js';
import { isRegisteredRedirectUri } from './redirect-uris.js';
import { isS256Challenge } from './pkce.js';

export type ResponseMode = 'query' | 'fragment' | 'form_post';

/** Where and how the outcome goes back to the client. */
export interface RedirectTarget {
  redirectUri: string;
  responseMode: ResponseMode;
  state?: string;
}

export interface AuthorizeParams extends RedirectTarget {
  tenant: ResolvedTenant;
  clientId: string;
  scope: string;
  nonce?: string;
  codeChallenge: string;
  prompt?: string;
  loginHint?: string;
  /** `client_info=1`: return `client_info` with the code, as MSAL asks. */
  clientInfo: boolean;
  /** The `client-request-id` the client sent (echoed as the correlation id of errors). */
  correlationId?: string;
}

export type AuthorizeCheck =
  | { kind: 'page-error'; error: ApiError }
  | { kind: 'redirect-error'; target: RedirectTarget; error: ApiError }
  | { kind: 'ok'; params: AuthorizeParams };

const RESPONSE_MODES = new Set<ResponseMode>(['query', 'fragment', 'form_post']);

function param(q: URLSearchParams, name: string): string | undefined {
  const v = q.get(name)?.trim();
  return v ? v : undefined;
}

/** v1 requests name a `resource` instead of scopes: it becomes `{resource}/.default openid offline_access`. */
export function checkAuthorizeRequest(pctx: PlatformContext, tenantSegment: string | undefined, q: URLSearchParams, version: 'v1' | 'v2' = 'v2'): AuthorizeCheck {
  let tenant: ResolvedTenant;
  try {
    tenant = resolveTenant(pctx, tenantSegment);
  } catch (e) {
    return { kind: 'page-error', error: e as ApiError };
  }
  const clientId = param(q, 'client_id');
  if (!clientId) return { kind: 'page-error', error: missingParameter('client_id') };
  if (!isFirstPartyPublicClient(clientId) && !pctx.directory.getApplicationByAppId(clientId)) {
    return { kind: 'page-error', error: applicationNotFound(clientId, tenant.tenantId) };
  }
  const redirectUri = param(q, 'redirect_uri');
  if (!redirectUri) return { kind: 'page-error', error: missingParameter('redirect_uri') };
  if (!isRegisteredRedirectUri(pctx, clientId, redirectUri)) return { kind: 'page-error', error: redirectUriMismatch(redirectUri, clientId) };

  const mode = (param(q, 'response_mode') ?? 'query') as ResponseMode;
  const target: RedirectTarget = { redirectUri, responseMode: RESPONSE_MODES.has(mode) ? mode : 'query', state: q.get('state') ?? undefined };
  const fail = (error: ApiError): AuthorizeCheck => ({ kind: 'redirect-error', target, error });

  const responseType = param(q, 'response_type');
  if (!responseType) return fail(missingParameter('response_type'));
  if (responseType !== 'code') return fail(responseTypeNotEnabled(responseType));
  const resource = version === 'v1' ? param(q, 'resource') : undefined;
  const scope = param(q, 'scope') ?? (resource ? `${resource}/.default openid offline_access` : undefined);
  if (!scope) return fail(missingParameter(version === 'v1' ? 'resource' : 'scope'));
  const codeChallenge = param(q, 'code_challenge');
  if (!codeChallenge) return fail(pkceRequired());
  // The studio is a public client: only S256 (RFC 7636's default when the method is absent is `plain`).
  if ((param(q, 'code_challenge_method') ?? 'plain') !== 'S256') return fail(invalidCodeChallengeMethod());
  if (!isS256Challenge(codeChallenge)) return fail(invalidCodeChallengeSize());

  const correlation = param(q, 'client-request-id');
  return {
    kind: 'ok',
    params: {
      ...target,
      tenant,
      clientId,
      scope,
      nonce: param(q, 'nonce'),
      codeChallenge,
      prompt: param(q, 'prompt')?.toLowerCase(),
      loginHint: param(q, 'login_hint'),
      clientInfo: q.get('client_info') === '1',
      correlationId: correlation,
    },
  };
}
