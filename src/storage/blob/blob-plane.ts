/**
 * The Blob service plane: `{account}.blob.core.windows.net` through the proxy, or path style
 * (`/{account}/{container}/{blob}`) on the plane's direct port. Authenticators: bearer (Entra tokens, then RBAC
 * data actions at the container scope, with ABAC attributes), then Shared Key.
 */
import type { HttpMethod, Operation, RequestContext } from '../../http/operation.js';
import type { Authenticator, Plane } from '../../http/plane.js';
import type { PlatformContext } from '../../platform/context.js';
import { BLOB_HOST, parseBlobAddress } from './blob-address.js';
import { blobErrors, noAuthenticationInformation, renderStorageError, setServiceHeaders } from './blob-errors.js';
import { header } from './blob-headers.js';
import { MAX_BLOCK_BYTES, MAX_PUT_BLOB_BYTES } from './blob-limits.js';
import { blobOperations, resolveBlobOperation } from './blob-operations.js';
import { BlobRecords } from './blob-records.js';
import { BlobReadCache } from './blob-read-cache.js';
import { setBlobState, type BlobService } from './blob-state.js';
import { NEWEST_VERSION, resolveVersion } from './blob-version.js';
import { ContentFiles } from './content-files.js';
import { sharedKeyAuthenticator } from './shared-key-authenticator.js';

export const CONTAINER_NAME_ATTRIBUTE = '@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]';
export const BLOB_PATH_ATTRIBUTE = '@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path]';

export interface BlobPlaneOptions {
  bearer: Authenticator;
  maxPutBlobBytes?: number;
  maxBlockBytes?: number;
}

const ALL_METHODS: HttpMethod[] = ['GET', 'HEAD', 'PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS'];

/** Opens (and sweeps) the content directory and returns the services the handlers share. */
export function createBlobService(ctx: PlatformContext, opts: Omit<BlobPlaneOptions, 'bearer'> = {}): BlobService {
  const files = new ContentFiles(ctx.paths.blobsDir);
  files.init();
  const records = new BlobRecords(ctx.store);
  const swept = files.sweep(records.referencedFiles());
  if (swept.temp + swept.orphans > 0) ctx.log.info({ evt: 'blob.sweep', ...swept });
  return {
    pctx: ctx,
    records,
    reads: new BlobReadCache(ctx.store, records),
    files,
    maxPutBlobBytes: opts.maxPutBlobBytes ?? MAX_PUT_BLOB_BYTES,
    maxBlockBytes: opts.maxBlockBytes ?? MAX_BLOCK_BYTES,
  };
}

export function createBlobPlane(ctx: PlatformContext, opts: BlobPlaneOptions): Plane {
  const svc = createBlobService(ctx, opts);
  const ops = blobOperations(svc);
  const entry: Operation = {
    id: 'Blob_Request',
    method: ALL_METHODS,
    path: '/{*path}',
    auth: 'required',
    handler: () => {
      throw new Error('Blob requests are dispatched by the plane');
    },
  };
  const tenantId = ctx.config.tenantId;

  function validate(rctx: RequestContext): void {
    const requested = header(rctx.req, 'x-ms-version');
    let version = NEWEST_VERSION;
    try {
      version = resolveVersion(requested);
    } finally {
      setServiceHeaders(rctx.res, version, rctx, ctx.clock.now());
    }
    const address = parseBlobAddress(rctx.host, rctx.origin, rctx.path);
    const account = svc.reads.account(address.account);
    if (!account) throw blobErrors.resourceNotFound();
    setBlobState(rctx, { address, account, version });
    rctx.operation = resolveBlobOperation(ops, rctx.method, address, rctx.query);
    if (requested === undefined && header(rctx.req, 'authorization') !== undefined) throw blobErrors.missingRequiredHeader('x-ms-version');
    if (address.container !== undefined) {
      const attributes: Record<string, string> = { [CONTAINER_NAME_ATTRIBUTE]: address.container };
      if (address.blob !== undefined) attributes[BLOB_PATH_ATTRIBUTE] = address.blob;
      rctx.state.authzAttributes = attributes;
    }
  }

  return {
    name: 'blob',
    hosts: [BLOB_HOST],
    operations: [entry],
    authenticators: [opts.bearer, sharedKeyAuthenticator(ctx.clock)],
    validate,
    renderError: (res, err, rctx) => renderStorageError(res, err, rctx, ctx.clock.now()),
    notFound: () => blobErrors.invalidUri(),
    unauthenticated: () => noAuthenticationInformation(tenantId),
    denied: (_rctx, info) => blobErrors.permissionMismatch(info.explanation),
  };
}
