/**
 * The Microsoft Graph v1.0 plane (`graph.microsoft.com`, also `/beta` for the same routes): users, `me`,
 * applications, service principals, directory objects and the organization. Authorization is the directory-role
 * policy of graph-policy.ts (checked per route), not Azure RBAC.
 */
import type { ServerResponse } from 'node:http';
import { ApiError } from '../shared/errors.js';
import type { RequestContext } from '../http/operation.js';
import type { Authenticator, Plane } from '../http/plane.js';
import { Router } from '../http/router.js';
import type { PlatformContext } from '../platform/context.js';
import { TokenError } from '../identity/types.js';
import { createDirectory } from './directory-store.js';
import { emptyToken, insufficientPrivileges, invalidToken, renderGraphError } from './graph-errors.js';
import { GRAPH_VERSIONS, toOperations, type GraphRoute } from './graph-route.js';
import { userRoutes } from './graph-operations/users.js';
import { applicationRoutes } from './graph-operations/applications.js';
import { servicePrincipalRoutes } from './graph-operations/service-principals.js';
import { directoryObjectRoutes } from './graph-operations/directory-objects.js';
import { organizationRoutes } from './graph-operations/organization.js';

export const GRAPH_HOSTS = ['graph.microsoft.com'];

/** Azure's name for a tenant created without one. */
const TENANT_DISPLAY_NAME = 'Default Directory';

export const graphRoutes: readonly GraphRoute[] = [
  ...userRoutes,
  ...applicationRoutes,
  ...servicePrincipalRoutes,
  ...directoryObjectRoutes,
  ...organizationRoutes,
];

/** Error for the bearer authenticator: Graph's `InvalidAuthenticationToken` messages. */
export function graphTokenError(e: TokenError | 'missing', _ctx?: RequestContext): ApiError {
  return e === 'missing' ? emptyToken() : invalidToken(e.reason);
}

const GRAPH_CONTENT_TYPE = 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

function clientRequestId(ctx: RequestContext): string {
  const h = ctx.req.headers['client-request-id'];
  return (Array.isArray(h) ? h[0] : h) ?? ctx.requestId;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function createGraphPlane(ctx: PlatformContext, authenticators: Authenticator[]): Plane {
  const dir = createDirectory({
    store: ctx.store,
    clock: ctx.clock,
    ids: ctx.ids,
    tenantId: ctx.config.tenantId,
    domain: ctx.config.tenantDomain,
  });
  const operations = toOperations(graphRoutes, {
    dir,
    tenantId: ctx.config.tenantId,
    domain: ctx.config.tenantDomain,
    tenantDisplayName: TENANT_DISPLAY_NAME,
    clock: ctx.clock,
    ids: ctx.ids,
  });
  const router = new Router(operations);
  const topSegments = new Set(graphRoutes.map((r) => r.path.split('/')[1].toLowerCase()));

  return {
    name: 'graph',
    hosts: GRAPH_HOSTS,
    operations,
    authenticators,
    renderError(res: ServerResponse, err: ApiError, rctx?: RequestContext) {
      renderGraphError(res, err, rctx, ctx.clock.now());
    },
    renderBody(res, status, body, rctx) {
      const buf = Buffer.from(JSON.stringify(body), 'utf8');
      res.statusCode = status;
      res.setHeader('content-type', GRAPH_CONTENT_TYPE);
      res.setHeader('odata-version', '4.0');
      res.setHeader('request-id', rctx.requestId);
      res.setHeader('client-request-id', clientRequestId(rctx));
      res.setHeader('content-length', buf.length);
      res.end(rctx.method === 'HEAD' ? undefined : buf);
    },
    notFound(rctx) {
      const parts = rctx.url.pathname.split('/').filter(Boolean);
      const version = parts[0] ?? '';
      if (!(GRAPH_VERSIONS as readonly string[]).includes(version.toLowerCase())) {
        return new ApiError(400, 'BadRequest', `Invalid version: ${version}`);
      }
      if (router.match(rctx.method, rctx.url.pathname).methodNotAllowed) {
        return new ApiError(405, 'Request_BadRequest', 'Specified HTTP method is not allowed for the request target.');
      }
      const segment = parts[1] && !topSegments.has(parts[1].toLowerCase()) ? parts[1] : parts[parts.length - 1] ?? '';
      return new ApiError(400, 'BadRequest', `Resource not found for the segment '${safeDecode(segment)}'.`);
    },
    unauthenticated() {
      return emptyToken();
    },
    denied() {
      return insufficientPrivileges();
    },
  };
}
