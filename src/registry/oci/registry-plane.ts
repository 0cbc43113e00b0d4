/**
 * The container registry data plane: `<name>.azurecr.io` through the proxy (OCI Distribution v2 + ACR's OAuth
 * endpoints). On the plane's direct port the registry is chosen path-style (`/{registry}/v2/…`,
 * `/{registry}/oauth2/token`: what a browser can send), by the `X-Cerulean-Registry` header (a registry name or login
 * server), or by the `service` parameter on `/oauth2/*`; a Host header of `<name>.azurecr.io` works too.
 */
import type { HttpMethod, Operation, Reply, RequestContext } from '../../http/operation.js';
import type { Plane } from '../../http/plane.js';
import type { PlatformContext } from '../../platform/context.js';
import { API_VERSION, API_VERSION_HEADER, ociErrors, renderOciError } from './oci-errors.js';
import { parseAcrPath, parseOciPath } from './oci-names.js';
import { registryAuthenticator } from './registry-auth.js';
import { resolveRegistryOperation, routerOperations } from './registry-operations.js';
import {
  REGISTRY_HOST,
  createRegistryService,
  pathStyleRegistry,
  registryBaseUrl,
  registryPathPrefix,
  registryState,
  resolveRegistry,
  type RegistryServiceOptions,
} from './registry-service.js';
import { requireRepositoryName } from './handlers/request-parts.js';

export { REGISTRY_HOST };

/** Relative URLs a reply hands back (`Location: /v2/…`, `Link: </v2/…>`) start with `prefix` for path-style requests. */
export function prefixReplyLinks(reply: Reply, prefix: string): Reply {
  if (!prefix || !reply.headers) return reply;
  const headers = { ...reply.headers };
  for (const key of Object.keys(headers)) {
    const v = headers[key];
    if (typeof v !== 'string') continue;
    const k = key.toLowerCase();
    if (k === 'location' && v.startsWith('/')) headers[key] = prefix + v;
    else if (k === 'link') headers[key] = v.replace(/<\//g, `<${prefix}/`);
  }
  return { ...reply, headers };
}

function withPathPrefix(op: Operation, prefix: string): Operation {
  if (!prefix) return op;
  return { ...op, handler: async (ctx) => prefixReplyLinks(await op.handler(ctx), prefix) };
}

export function createRegistryPlane(ctx: PlatformContext, opts: RegistryServiceOptions = {}): Plane {
  const svc = createRegistryService(ctx, opts);

  function validate(rctx: RequestContext): void {
    rctx.res.setHeader(API_VERSION_HEADER, API_VERSION);
    // Path-style (`/{registry}/v2/…`) is for the direct port; `<name>.azurecr.io` serves only its own paths.
    if (pathStyleRegistry(rctx) !== undefined && REGISTRY_HOST.test(rctx.host)) throw ociErrors.notFound();
    const id = rctx.operation.id;
    if (id.startsWith('Authentication_')) return; // the registry comes from `service` in the body
    resolveRegistry(svc, rctx);
    if (id === 'V2_Support') return;
    const rest = rctx.params.rest ?? '';
    const route = id === 'V2_Request' ? parseOciPath(rest) : parseAcrPath(rest);
    if (!route) throw ociErrors.notFound();
    if ('name' in route) requireRepositoryName(route.name);
    rctx.state.route = route;
    rctx.operation = withPathPrefix(resolveRegistryOperation(svc, route, rctx.method as HttpMethod), registryPathPrefix(rctx));
  }

  return {
    name: 'registry',
    hosts: [REGISTRY_HOST],
    operations: routerOperations(svc),
    authenticators: [registryAuthenticator(svc)],
    validate,
    renderError: (res, err, rctx) => renderOciError(res, err, rctx?.method === 'HEAD'),
    notFound: () => ociErrors.notFound(),
    unauthenticated: (rctx) => ociErrors.unauthorized(registryBaseUrl(rctx), registryState(rctx).loginServer, []),
    denied: (_rctx, info) => ociErrors.denied(info.explanation),
  };
}
