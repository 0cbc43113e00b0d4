/**
 * The registry's operations, declared as data. The router sees four entries (`/v2`, `/v2/{*rest}`, `/acr/v1/{*rest}`,
 * the OAuth endpoints); the path after `/v2/` names a repository with slashes, so it is parsed from its end and the
 * plane's validate step swaps in the operation below for the route kind and method.
 */
import type { HttpMethod, Operation, Reply, RequestContext } from '../../http/operation.js';
import { ociErrors } from './oci-errors.js';
import type { AcrRoute, OciRoute } from './oci-names.js';
import { callerInfo } from './registry-auth.js';
import { MAX_MANIFEST_BYTES, registryBaseUrl, registryState, type RegistryService } from './registry-service.js';
import { deleteBlob, getBlob } from './handlers/blobs.js';
import { acrTags, catalog, referrers, tagsList } from './handlers/listing.js';
import { deleteManifest, getManifest, putManifest } from './handlers/manifests.js';
import { cancelUpload, finishUpload, patchUpload, startUpload, uploadStatus } from './handlers/uploads.js';
import { exchangeHandler, tokenHandler } from './oauth-handlers.js';

type Route = OciRoute | AcrRoute;
type RouteHandler = (svc: RegistryService, ctx: RequestContext, route: Route) => Promise<Reply>;

export interface RegistryOperation {
  id: string;
  kind: Route['kind'];
  method: HttpMethod[];
  /** Documentation of the wire path. */
  path: string;
  body?: Operation['body'];
  maxBodyBytes?: number;
  handler: RouteHandler;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const r = (route: Route) => route as any;

export const REGISTRY_OPERATIONS: RegistryOperation[] = [
  { id: 'V2_GetCatalog', kind: 'catalog', method: ['GET'], path: '/v2/_catalog', handler: (s, c) => catalog(s, c) },
  { id: 'V2_GetTags', kind: 'tags', method: ['GET'], path: '/v2/{name}/tags/list', handler: (s, c, x) => tagsList(s, c, r(x).name) },
  { id: 'V2_GetManifest', kind: 'manifest', method: ['GET', 'HEAD'], path: '/v2/{name}/manifests/{reference}', handler: (s, c, x) => getManifest(s, c, r(x).name, r(x).reference) },
  {
    id: 'V2_CreateManifest',
    kind: 'manifest',
    method: ['PUT'],
    path: '/v2/{name}/manifests/{reference}',
    body: 'raw',
    maxBodyBytes: MAX_MANIFEST_BYTES,
    handler: (s, c, x) => putManifest(s, c, r(x).name, r(x).reference),
  },
  { id: 'V2_DeleteManifest', kind: 'manifest', method: ['DELETE'], path: '/v2/{name}/manifests/{reference}', handler: (s, c, x) => deleteManifest(s, c, r(x).name, r(x).reference) },
  { id: 'V2_GetBlob', kind: 'blob', method: ['GET', 'HEAD'], path: '/v2/{name}/blobs/{digest}', handler: (s, c, x) => getBlob(s, c, r(x).name, r(x).digest) },
  { id: 'V2_DeleteBlob', kind: 'blob', method: ['DELETE'], path: '/v2/{name}/blobs/{digest}', handler: (s, c, x) => deleteBlob(s, c, r(x).name, r(x).digest) },
  { id: 'V2_StartUpload', kind: 'uploadStart', method: ['POST'], path: '/v2/{name}/blobs/uploads/', body: 'stream', handler: (s, c, x) => startUpload(s, c, r(x).name) },
  { id: 'V2_UploadChunk', kind: 'upload', method: ['PATCH'], path: '/v2/{name}/blobs/uploads/{uuid}', body: 'stream', handler: (s, c, x) => patchUpload(s, c, r(x).name, r(x).uuid) },
  { id: 'V2_EndUpload', kind: 'upload', method: ['PUT'], path: '/v2/{name}/blobs/uploads/{uuid}', body: 'stream', handler: (s, c, x) => finishUpload(s, c, r(x).name, r(x).uuid) },
  { id: 'V2_GetUploadStatus', kind: 'upload', method: ['GET'], path: '/v2/{name}/blobs/uploads/{uuid}', handler: (s, c, x) => uploadStatus(s, c, r(x).name, r(x).uuid) },
  { id: 'V2_CancelUpload', kind: 'upload', method: ['DELETE'], path: '/v2/{name}/blobs/uploads/{uuid}', handler: (s, c, x) => cancelUpload(s, c, r(x).name, r(x).uuid) },
  { id: 'V2_GetReferrers', kind: 'referrers', method: ['GET'], path: '/v2/{name}/referrers/{digest}', handler: (s, c, x) => referrers(s, c, r(x).name, r(x).digest) },
  { id: 'Tag_GetList', kind: 'acrTags', method: ['GET'], path: '/acr/v1/{name}/_tags', handler: (s, c, x) => acrTags(s, c, r(x).name) },
];

/** The operation for a parsed route and method (405 UNSUPPORTED when the route exists for other methods). */
export function resolveRegistryOperation(svc: RegistryService, route: Route, method: HttpMethod): Operation {
  const candidates = REGISTRY_OPERATIONS.filter((o) => o.kind === route.kind);
  const op = candidates.find((o) => o.method.includes(method));
  if (!op) throw ociErrors.unsupported();
  return {
    id: op.id,
    method: op.method,
    path: op.path,
    auth: 'optional',
    body: op.body ?? 'none',
    maxBodyBytes: op.maxBodyBytes,
    handler: (ctx) => op.handler(svc, ctx, route),
  };
}

/**
 * The router's entries: each also path-style (`/{registry}/v2/…`, `/{registry}/oauth2/token`), for clients of the
 * direct port that cannot send a Host or `X-Cerulean-Registry` header (browsers).
 */
export function routerOperations(svc: RegistryService): Operation[] {
  const entries = hostStyleOperations(svc);
  return [...entries, ...entries.map((op) => ({ ...op, path: `/{registry}${op.path}` }))];
}

function hostStyleOperations(svc: RegistryService): Operation[] {
  const dispatched = (): Reply => {
    throw new Error('registry requests are dispatched by the plane');
  };
  return [
    {
      id: 'V2_Support',
      method: ['GET', 'HEAD'],
      path: '/v2',
      auth: 'optional',
      handler: (ctx) => {
        if (!callerInfo(ctx)) {
          const { loginServer } = registryState(ctx);
          throw ociErrors.unauthorized(registryBaseUrl(ctx), loginServer, []);
        }
        return { status: 200, body: {} };
      },
    },
    { id: 'V2_Request', method: ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE'], path: '/v2/{*rest}', auth: 'optional', handler: dispatched },
    { id: 'Acr_Request', method: ['GET', 'HEAD', 'PUT', 'PATCH', 'DELETE'], path: '/acr/v1/{*rest}', auth: 'optional', handler: dispatched },
    { id: 'Authentication_ExchangeAadAccessTokenForAcrRefreshToken', method: 'POST', path: '/oauth2/exchange', auth: 'none', body: 'form', maxBodyBytes: 256 * 1024, handler: (ctx) => exchangeHandler(svc, ctx) },
    { id: 'Authentication_GetAcrAccessToken', method: ['GET', 'POST'], path: '/oauth2/token', auth: 'none', body: 'form', maxBodyBytes: 256 * 1024, handler: (ctx) => tokenHandler(svc, ctx) },
  ];
}
