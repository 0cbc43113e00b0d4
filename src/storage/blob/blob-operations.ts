/**
 * The Blob REST operations, declared once as data. The service tells them apart by level (service, container,
 * blob), method, `restype` and `comp` rather than by path, so the plane routes every request to one entry and its
 * validate step picks the operation here (see blob-plane.ts).
 */
import type { HttpMethod, Operation, Reply, RequestContext } from '../../http/operation.js';
import { blobScope } from '../accounts/account-records.js';
import { blobErrors } from './blob-errors.js';
import type { BlobAddress } from './blob-address.js';
import { blobState, type BlobService } from './blob-state.js';
import { blockListMaxBytes } from './blob-limits.js';
import * as containers from './handlers/container-ops.js';
import { listBlobs } from './handlers/list-blobs.js';
import { putBlob } from './handlers/put-blob.js';
import { getBlockList, putBlock, putBlockList } from './handlers/blocks.js';
import { getBlob, getBlobMetadata, getBlobProperties } from './handlers/get-blob.js';
import { deleteBlob, setBlobMetadata, setBlobProperties } from './handlers/blob-props.js';

const SVC = 'Microsoft.Storage/storageAccounts/blobServices';
export const BLOB_ACTIONS = {
  serviceRead: `${SVC}/read`,
  containerRead: `${SVC}/containers/read`,
  containerWrite: `${SVC}/containers/write`,
  containerDelete: `${SVC}/containers/delete`,
  blobRead: `${SVC}/containers/blobs/read`,
  blobWrite: `${SVC}/containers/blobs/write`,
  blobDelete: `${SVC}/containers/blobs/delete`,
} as const;

export type BlobLevel = 'service' | 'container' | 'blob';

interface BlobOpSpec {
  id: string;
  level: BlobLevel;
  methods: HttpMethod[];
  /** Required `restype` (service and container levels). */
  restype?: 'service' | 'container' | 'account';
  /** Required `comp` ('' = none). */
  comp: string;
  action?: string;
  dataAction?: string;
  body?: Operation['body'];
  maxBodyBytes?: number;
  handler: (svc: BlobService, ctx: RequestContext) => Reply | Promise<Reply>;
}

const SPECS: BlobOpSpec[] = [
  { id: 'Service_GetProperties', level: 'service', methods: ['GET'], restype: 'service', comp: 'properties', action: BLOB_ACTIONS.serviceRead, handler: () => containers.getServiceProperties() },
  { id: 'Service_GetAccountInfo', level: 'service', methods: ['GET', 'HEAD'], restype: 'account', comp: 'properties', action: BLOB_ACTIONS.containerRead, handler: (_s, c) => containers.getAccountInfo(c) },
  { id: 'Service_ListContainersSegment', level: 'service', methods: ['GET'], comp: 'list', action: BLOB_ACTIONS.containerRead, handler: containers.listContainers },
  { id: 'Container_Create', level: 'container', methods: ['PUT'], restype: 'container', comp: '', action: BLOB_ACTIONS.containerWrite, body: 'none', handler: containers.createContainer },
  { id: 'Container_Delete', level: 'container', methods: ['DELETE'], restype: 'container', comp: '', action: BLOB_ACTIONS.containerDelete, handler: containers.deleteContainer },
  { id: 'Container_GetProperties', level: 'container', methods: ['GET', 'HEAD'], restype: 'container', comp: '', action: BLOB_ACTIONS.containerRead, handler: containers.getContainerProperties },
  { id: 'Container_GetMetadata', level: 'container', methods: ['GET', 'HEAD'], restype: 'container', comp: 'metadata', action: BLOB_ACTIONS.containerRead, handler: containers.getContainerProperties },
  { id: 'Container_SetMetadata', level: 'container', methods: ['PUT'], restype: 'container', comp: 'metadata', action: BLOB_ACTIONS.containerWrite, body: 'none', handler: containers.setContainerMetadata },
  { id: 'Container_ListBlobFlatSegment', level: 'container', methods: ['GET'], restype: 'container', comp: 'list', dataAction: BLOB_ACTIONS.blobRead, handler: listBlobs },
  { id: 'BlockBlob_Upload', level: 'blob', methods: ['PUT'], comp: '', dataAction: BLOB_ACTIONS.blobWrite, body: 'stream', handler: putBlob },
  { id: 'BlockBlob_StageBlock', level: 'blob', methods: ['PUT'], comp: 'block', dataAction: BLOB_ACTIONS.blobWrite, body: 'stream', handler: putBlock },
  { id: 'BlockBlob_CommitBlockList', level: 'blob', methods: ['PUT'], comp: 'blocklist', dataAction: BLOB_ACTIONS.blobWrite, body: 'raw', maxBodyBytes: blockListMaxBytes, handler: putBlockList },
  { id: 'BlockBlob_GetBlockList', level: 'blob', methods: ['GET'], comp: 'blocklist', dataAction: BLOB_ACTIONS.blobRead, handler: getBlockList },
  { id: 'Blob_Download', level: 'blob', methods: ['GET'], comp: '', dataAction: BLOB_ACTIONS.blobRead, handler: getBlob },
  { id: 'Blob_GetProperties', level: 'blob', methods: ['HEAD'], comp: '', dataAction: BLOB_ACTIONS.blobRead, handler: getBlobProperties },
  { id: 'Blob_GetMetadata', level: 'blob', methods: ['GET', 'HEAD'], comp: 'metadata', dataAction: BLOB_ACTIONS.blobRead, handler: getBlobMetadata },
  { id: 'Blob_SetHttpHeaders', level: 'blob', methods: ['PUT'], comp: 'properties', dataAction: BLOB_ACTIONS.blobWrite, body: 'none', handler: setBlobProperties },
  { id: 'Blob_SetMetadata', level: 'blob', methods: ['PUT'], comp: 'metadata', dataAction: BLOB_ACTIONS.blobWrite, body: 'none', handler: setBlobMetadata },
  { id: 'Blob_Delete', level: 'blob', methods: ['DELETE'], comp: '', dataAction: BLOB_ACTIONS.blobDelete, handler: deleteBlob },
];

export interface BlobOperation extends Operation {
  level: BlobLevel;
  restype?: string;
  comp: string;
  methods: HttpMethod[];
}

function scopeOf(ctx: RequestContext): string {
  const { account, address } = blobState(ctx);
  return blobScope(account, address.container);
}

export function blobOperations(svc: BlobService): BlobOperation[] {
  return SPECS.map((s) => ({
    id: s.id,
    method: s.methods,
    methods: s.methods,
    path: s.level === 'service' ? '/' : s.level === 'container' ? '/{container}' : '/{container}/{*blob}',
    level: s.level,
    restype: s.restype,
    comp: s.comp,
    auth: 'required',
    action: s.action,
    dataAction: s.dataAction,
    scope: scopeOf,
    body: s.body ?? 'none',
    maxBodyBytes: s.maxBodyBytes,
    handler: (ctx: RequestContext) => s.handler(svc, ctx),
  }));
}

export function levelOf(address: BlobAddress): BlobLevel {
  if (address.container === undefined) return 'service';
  return address.blob === undefined ? 'container' : 'blob';
}

/** Picks the operation a request names; throws the service's error when it names none. */
export function resolveBlobOperation(ops: BlobOperation[], method: HttpMethod, address: BlobAddress, query: URLSearchParams): BlobOperation {
  const level = levelOf(address);
  const comp = (query.get('comp') ?? '').toLowerCase();
  const restype = (query.get('restype') ?? '').toLowerCase();
  const candidates = ops.filter((o) => o.level === level && o.comp === comp && (level === 'blob' || (o.restype ?? '') === restype || o.restype === undefined));
  const hit = candidates.find((o) => o.methods.includes(method));
  if (hit) return hit;
  if (candidates.length > 0) throw blobErrors.unsupportedVerb();
  if (comp !== '' && !ops.some((o) => o.level === level && o.comp === comp)) throw blobErrors.invalidQueryParameterValue('comp', query.get('comp') ?? '');
  if (level === 'container' && restype !== 'container') throw blobErrors.invalidUri();
  throw blobErrors.unsupportedVerb();
}
