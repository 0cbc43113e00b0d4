/**
 * The container registry data plane: `<name>.azurecr.io` through the proxy (OCI Distribution v2 + ACR's OAuth
 * endpoints). On the plane's direct port the registry is chosen by the `X-Cerulean-Registry` header (a registry
 * name or login server), or by the `service` parameter on `/oauth2/*`; a Host header of `<name>.azurecr.io` works too.
 */
import type { HttpMethod, RequestContext } from '../../http/operation.js';
import type { Plane } from '../../http/plane.js';
import type { PlatformContext } from '../../platform/context.js';
import { API_VERSION, API_VERSION_HEADER, ociErrors, renderOciError } from './oci-errors.js';
import { parseAcrPath, parseOciPath } from './oci-names.js';
import { registryAuthenticator } from './registry-auth.js';
import { resolveRegistryOperation, routerOperations } from './registry-operations.js';
import { REGISTRY_HOST, createRegistryService, registryState, resolveRegistry, type RegistryServiceOptions } from './registry-service.js';
import { requireRepositoryName } from './handlers/request-parts.js';

export { REGISTRY_HOST };

export function createRegistryPlane(ctx: PlatformContext, opts: RegistryServiceOptions = {}): Plane {
  const svc = createRegistryService(ctx, opts);

  function validate(rctx: RequestContext): void {
    rctx.res.setHeader(API_VERSION_HEADER, API_VERSION);
    const id = rctx.operation.id;
    if (id.startsWith('Authentication_')) return; // the registry comes from `service` in the body
    resolveRegistry(svc, rctx);
    if (id === 'V2_Support') return;
    const rest = rctx.params.rest ?? '';
    const route = id === 'V2_Request' ? parseOciPath(rest) : parseAcrPath(rest);
    if (!route) throw ociErrors.notFound();
    if ('name' in route) requireRepositoryName(route.name);
    rctx.state.route = route;
    rctx.operation = resolveRegistryOperation(svc, route, rctx.method as HttpMethod);
  }

  return {
    name: 'registry',
    hosts: [REGISTRY_HOST],
    operations: routerOperations(svc),
    authenticators: [registryAuthenticator(svc)],
    validate,
    renderError: (res, err, rctx) => renderOciError(res, err, rctx?.method === 'HEAD'),
    notFound: () => ociErrors.notFound(),
    unauthenticated: (rctx) => ociErrors.unauthorized(rctx.origin.replace(/\/+$/, ''), registryState(rctx).loginServer, []),
    denied: (_rctx, info) => ociErrors.denied(info.explanation),
  };
}
