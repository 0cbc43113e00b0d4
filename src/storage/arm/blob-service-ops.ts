/**
 * ARM child resources of an account's blob service: `blobServices/default` (GET/PUT/LIST) and its containers
 * (`…/blobServices/default/containers/{name}` PUT/GET/DELETE/LIST) — the same containers the Blob plane serves.
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { requireResourceGroup } from '../../arm/scope-checks.js';
import { getAccount, putAccount, type StorageAccountRecord } from '../accounts/account-records.js';
import { BlobRecords, type ContainerRecord } from '../blob/blob-records.js';
import { ContentFiles } from '../blob/content-files.js';
import { validateContainerName } from '../blob/blob-names.js';
import { newEtag } from '../blob/blob-time.js';
import { STORAGE_API_VERSIONS } from './storage-api-versions.js';
import { storageArmErrors } from './storage-arm-errors.js';
import { BLOB_SERVICE_TYPE, CONTAINER_TYPE, blobServiceWire, containerWire } from './storage-wire.js';
import { ACCOUNT_PATH } from './account-ops.js';
import { bodyObject } from './account-input.js';

const S = 'Microsoft.Storage/storageAccounts/blobServices';
const SERVICE_PATH = `${ACCOUNT_PATH}/blobServices/{blobServicesName}`;
const CONTAINERS_PATH = `${SERVICE_PATH}/containers`;
const CONTAINER_PATH = `${CONTAINERS_PATH}/{containerName}`;

/** The parent account of a child resource, or 404 ParentResourceNotFound. */
function parentAccount(ctx: PlatformContext, rc: RequestContext, op: 'read' | 'write' | 'delete', type: string): StorageAccountRecord {
  const { subscriptionId, resourceGroupName, accountName } = rc.params;
  const rg = requireResourceGroup(ctx, subscriptionId, resourceGroupName);
  const a = getAccount(ctx.store, accountName);
  if (!a || a.subscriptionId.toLowerCase() !== subscriptionId.toLowerCase() || a.resourceGroup.toLowerCase() !== rg.name.toLowerCase()) {
    const parentId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${accountName}`;
    throw storageArmErrors.parentNotFound(op, type, parentId);
  }
  const service = rc.params.blobServicesName;
  if (service !== undefined && service.toLowerCase() !== 'default') {
    throw new ApiError(400, 'InvalidResourceName', `The resource name '${service}' is invalid; the blob service is always named 'default'.`);
  }
  return a;
}

function putService(ctx: PlatformContext, rc: RequestContext): Reply {
  const a = parentAccount(ctx, rc, 'write', 'storageAccounts/blobServices');
  const props = bodyObject(rc).properties;
  const next = { ...a, blobServiceProperties: { ...(a.blobServiceProperties ?? {}), ...((props as Record<string, unknown>) ?? {}) } };
  putAccount(ctx.store, next);
  return { status: 200, body: blobServiceWire(next) };
}

function putContainer(ctx: PlatformContext, rc: RequestContext): Reply {
  const a = parentAccount(ctx, rc, 'write', 'storageAccounts/blobServices/containers');
  const name = rc.params.containerName;
  try {
    validateContainerName(name);
  } catch {
    throw storageArmErrors.containerNameInvalid();
  }
  const props = (bodyObject(rc).properties ?? {}) as Record<string, unknown>;
  const metadata = props.metadata && typeof props.metadata === 'object' ? (props.metadata as Record<string, string>) : undefined;
  const pa = String(props.publicAccess ?? 'None').toLowerCase();
  const publicAccess = pa === 'container' ? 'Container' : pa === 'blob' ? 'Blob' : 'None';
  const records = new BlobRecords(ctx.store);
  const t = ctx.clock.now();
  const { rec, created } = ctx.store.transaction(() => {
    const existing = records.getContainer(a.name, name);
    const next: ContainerRecord = existing
      ? { ...existing, metadata: metadata ?? existing.metadata, publicAccess, lastModified: t, etag: newEtag(t) }
      : { account: a.name, name, createdAt: t, lastModified: t, etag: newEtag(t), metadata: metadata ?? {}, publicAccess };
    records.putContainer(next);
    return { rec: next, created: !existing };
  });
  return { status: created ? 201 : 200, body: containerWire(a, rec) };
}

function getContainer(ctx: PlatformContext, rc: RequestContext): Reply {
  const a = parentAccount(ctx, rc, 'read', 'storageAccounts/blobServices/containers');
  const c = new BlobRecords(ctx.store).getContainer(a.name, rc.params.containerName);
  if (!c) throw storageArmErrors.containerNotFound();
  return { status: 200, body: containerWire(a, c) };
}

function deleteContainer(ctx: PlatformContext, rc: RequestContext): Reply {
  const a = parentAccount(ctx, rc, 'delete', 'storageAccounts/blobServices/containers');
  const records = new BlobRecords(ctx.store);
  if (!records.getContainer(a.name, rc.params.containerName)) return { status: 204 };
  const files = records.deleteAllUnder(a.name, rc.params.containerName);
  if (ctx.paths?.blobsDir) new ContentFiles(ctx.paths.blobsDir).remove(files);
  return { status: 200 };
}

function listContainers(ctx: PlatformContext, rc: RequestContext): Reply {
  const a = parentAccount(ctx, rc, 'read', 'storageAccounts/blobServices/containers');
  return { status: 200, body: { value: new BlobRecords(ctx.store).listContainers(a.name).map((c) => containerWire(a, c)) } };
}

export function blobServiceOperations(ctx: PlatformContext): Operation[] {
  const svc = { apiVersions: STORAGE_API_VERSIONS, resourceType: BLOB_SERVICE_TYPE } as const;
  const cont = { apiVersions: STORAGE_API_VERSIONS, resourceType: CONTAINER_TYPE } as const;
  return [
    { ...svc, id: 'BlobServices_GetServiceProperties', method: 'GET', path: SERVICE_PATH, action: `${S}/read`, handler: (rc) => ({ status: 200, body: blobServiceWire(parentAccount(ctx, rc, 'read', 'storageAccounts/blobServices')) }) },
    { ...svc, id: 'BlobServices_SetServiceProperties', method: 'PUT', path: SERVICE_PATH, action: `${S}/write`, handler: (rc) => putService(ctx, rc) },
    { ...svc, id: 'BlobServices_List', method: 'GET', path: `${ACCOUNT_PATH}/blobServices`, action: `${S}/read`, handler: (rc) => ({ status: 200, body: { value: [blobServiceWire(parentAccount(ctx, rc, 'read', 'storageAccounts/blobServices'))] } }) },
    { ...cont, id: 'BlobContainers_Create', method: 'PUT', path: CONTAINER_PATH, action: `${S}/containers/write`, handler: (rc) => putContainer(ctx, rc) },
    { ...cont, id: 'BlobContainers_Get', method: 'GET', path: CONTAINER_PATH, action: `${S}/containers/read`, handler: (rc) => getContainer(ctx, rc) },
    { ...cont, id: 'BlobContainers_Delete', method: 'DELETE', path: CONTAINER_PATH, action: `${S}/containers/delete`, handler: (rc) => deleteContainer(ctx, rc) },
    { ...cont, id: 'BlobContainers_List', method: 'GET', path: CONTAINERS_PATH, action: `${S}/containers/read`, handler: (rc) => listContainers(ctx, rc) },
  ];
}
