/**
 * The ARM plane (management.azure.com): core and provider operations behind ARM's api-version check,
 * bearer authentication, RBAC and error dialect.
 */
import type { Operation, Reply, RequestContext } from '../http/operation.js';
import type { Authenticator, DenialInfo, Plane } from '../http/plane.js';
import type { PlatformContext } from '../platform/context.js';
import { ApiError } from '../shared/errors.js';
import { parseResourceId } from '../shared/resource-id.js';
import { apiVersionOf, validateApiVersion } from './api-versions.js';
import { armAuthorizationFailed, armUnauthenticated, correlationIdOf, renderArmError } from './arm-errors.js';
import { registerArmProviders, type ArmProvider } from './arm-provider.js';
import { LOCATIONS } from './resources/locations.js';
import { isKnownSubscription, subscriptionNotFound } from './scope-checks.js';

export const ARM_HOSTS = ['management.azure.com', 'management.core.windows.net'];

const ROLE_ASSIGNMENT_PATH = /\/providers\/microsoft\.authorization\/roleassignments\/[^/]+\/?$/i;

/** Adds ARM's per-response headers to every successful reply. */
function withArmHeaders(op: Operation): Operation {
  const inner = op.handler;
  return {
    ...op,
    handler: async (ctx: RequestContext): Promise<Reply> => {
      const reply = await inner(ctx);
      const correlation = correlationIdOf(ctx);
      const headers: Record<string, string | number | string[]> = { 'cache-control': 'no-cache', ...(reply.headers ?? {}) };
      if (correlation) headers['x-ms-correlation-request-id'] = correlation;
      return { ...reply, headers };
    },
  };
}

function notFoundFor(ctx: RequestContext, providers: readonly ArmProvider[]): ApiError {
  const parsed = parseResourceId(ctx.path);
  if (parsed.namespace) {
    const ns = parsed.namespace;
    const known = providers.some((p) => p.namespace.toLowerCase() === ns.toLowerCase());
    if (!known) return new ApiError(400, 'InvalidResourceNamespace', `The resource namespace '${ns}' is invalid.`);
    const type = parsed.type ? parsed.type.slice(ns.length + 1) : '';
    const version = apiVersionOf(ctx.query) ?? '';
    return new ApiError(
      404,
      'InvalidResourceType',
      `The resource type '${type}' could not be found in the namespace '${ns}' for api version '${version}'.`,
    );
  }
  return new ApiError(404, 'NotFound', `The requested resource '${ctx.path}' was not found.`);
}

export function createArmPlane(ctx: PlatformContext, authenticators: Authenticator[], providers: ArmProvider[]): Plane {
  registerArmProviders(ctx, providers);
  const operations = providers.flatMap((p) => p.operations.map(withArmHeaders));
  const locationNames = LOCATIONS.map((l) => l.displayName);
  return {
    name: 'arm',
    hosts: [...ARM_HOSTS],
    operations,
    authenticators,
    renderError(res, err, rc) {
      renderArmError(res, err, rc, ctx.config.tenantId);
    },
    notFound(rc) {
      return notFoundFor(rc, providers);
    },
    unauthenticated() {
      return armUnauthenticated(ctx.config.tenantId);
    },
    denied(rc, info: DenialInfo) {
      const principal = rc.caller.principal;
      if (!principal) return armUnauthenticated(ctx.config.tenantId);
      const path = rc.url.pathname.replace(/\/+$/, '');
      const messageScope = ROLE_ASSIGNMENT_PATH.test(path) && /roleassignments\/(write|delete)$/i.test(info.action) ? path : info.scope;
      return armAuthorizationFailed(principal, info, messageScope);
    },
    validate(rc) {
      validateApiVersion(rc, { location: ctx.config.defaultLocation, locations: locationNames });
      // ARM resolves the subscription before RBAC: an unknown one is 404 even for callers without roles there.
      // (Requests without credentials still get the 401 first.)
      const sub = /^\/subscriptions\/([^/]+)/i.exec(rc.url.pathname)?.[1];
      if (sub && rc.req.headers.authorization !== undefined && !isKnownSubscription(ctx, decodeURIComponent(sub))) {
        throw subscriptionNotFound(decodeURIComponent(sub));
      }
    },
  };
}
