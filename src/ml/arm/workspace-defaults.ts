/**
 * What a new workspace brings with it: a default storage account (made through the storage account records so the
 * Blob plane serves it) and a container registry — or the ones named by ARM id in the request —, the default
 * datastores with their blob containers, and the roles Azure gives the workspace's system-assigned identity.
 */
import type { PlatformContext } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import { parseResourceId } from '../../shared/resource-id.js';
import { putArmResource } from '../../arm/resource-store.js';
import { createdSystemData } from '../../arm/system-data.js';
import { createRoleAssignment } from '../../arm/authorization/role-assignment-store.js';
import { BUILT_IN_ROLE_IDS } from '../../authz/built-in-roles.js';
import { getAccount, newAccountKey, putAccount, type StorageAccountRecord } from '../../storage/accounts/account-records.js';
import { BlobRecords } from '../../storage/blob/blob-records.js';
import { newEtag } from '../../storage/blob/blob-time.js';
import { createRegistry, getRegistry, getRegistryByName, type RegistryResource } from '../../registry/arm/registry-records.js';
import { mlErrors } from './ml-errors.js';
import { T } from './ml-constants.js';

const STORAGE_TYPE = 'Microsoft.Storage/storageAccounts';

export interface WorkspacePlace {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
}

function randomHex(ctx: PlatformContext, n: number): string {
  let s = '';
  while (s.length < n) s += ctx.ids.uuid().replace(/-/g, '');
  return s.slice(0, n);
}

/** `<up to 10 alnum of the workspace name>storage<hex>`: 24 lower-case alphanumerics at most. */
export function defaultStorageAccountName(ctx: PlatformContext, workspaceName: string): string {
  const base = workspaceName.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 10) || 'ws';
  for (;;) {
    const name = `${base}storage${randomHex(ctx, 24 - base.length - 7)}`;
    if (!getAccount(ctx.store, name)) return name;
  }
}

function createDefaultAccount(ctx: PlatformContext, at: WorkspacePlace, principal: Principal | undefined): StorageAccountRecord {
  const name = defaultStorageAccountName(ctx, at.name);
  const now = new Date(ctx.clock.now()).toISOString();
  const a: StorageAccountRecord = {
    name,
    id: `/subscriptions/${at.subscriptionId}/resourceGroups/${at.resourceGroup}/providers/${STORAGE_TYPE}/${name}`,
    subscriptionId: at.subscriptionId,
    resourceGroup: at.resourceGroup,
    location: at.location,
    kind: 'StorageV2',
    sku: { name: 'Standard_LRS', tier: 'Standard' },
    tags: {},
    properties: { allowBlobPublicAccess: false, minimumTlsVersion: 'TLS1_2', supportsHttpsTrafficOnly: true },
    keys: [
      { keyName: 'key1', value: newAccountKey(), permissions: 'FULL', creationTime: now },
      { keyName: 'key2', value: newAccountKey(), permissions: 'FULL', creationTime: now },
    ],
    createdAt: now,
    systemData: createdSystemData(principal, ctx.clock),
  };
  ctx.store.transaction(() => {
    putAccount(ctx.store, a);
    putArmResource(ctx.store, { id: a.id, name: a.name, type: STORAGE_TYPE, location: a.location, tags: a.tags, kind: a.kind, sku: a.sku, properties: { provisioningState: 'Succeeded' } });
  });
  return a;
}

/** The storage account named by `given` (must exist) or a new default one. */
export function resolveStorageAccount(ctx: PlatformContext, given: string | undefined, at: WorkspacePlace, principal: Principal | undefined): StorageAccountRecord {
  if (!given) return createDefaultAccount(ctx, at, principal);
  const p = parseResourceId(given);
  const a = p.name && (p.type ?? '').toLowerCase() === STORAGE_TYPE.toLowerCase() ? getAccount(ctx.store, p.name) : undefined;
  if (!a || a.id.toLowerCase() !== given.replace(/\/+$/, '').toLowerCase()) {
    throw mlErrors.user(`The storage account '${given}' could not be found. Give the ARM id of an existing storage account, or leave storageAccount out to create one.`);
  }
  return a;
}

/** The registry named by `given` (must exist) or a new one (32 hex characters, as Azure names them). */
export function resolveRegistry(ctx: PlatformContext, given: string | undefined, at: WorkspacePlace, principal: Principal | undefined): RegistryResource {
  if (given) {
    const r = getRegistry(ctx.store, given);
    if (!r) throw mlErrors.user(`The container registry '${given}' could not be found. Give the ARM id of an existing registry, or leave containerRegistry out to create one.`);
    return r;
  }
  let name = randomHex(ctx, 32);
  while (getRegistryByName(ctx.store, name)) name = randomHex(ctx, 32);
  return createRegistry(ctx, { subscriptionId: at.subscriptionId, resourceGroup: at.resourceGroup, name, location: at.location, createdBy: principal });
}

function ensureContainer(ctx: PlatformContext, account: string, name: string): void {
  const records = new BlobRecords(ctx.store);
  if (records.getContainer(account, name)) return;
  const t = ctx.clock.now();
  records.putContainer({ account, name, createdAt: t, lastModified: t, etag: newEtag(t), metadata: {} });
}

/** `workspaceblobstore` (default; container `azureml-blobstore-<workspaceId>`) and `workspaceartifactstore` (`azureml`). */
export function createDefaultDatastores(
  ctx: PlatformContext,
  wsId: string,
  workspaceGuid: string,
  account: StorageAccountRecord,
  principal: Principal | undefined,
): void {
  const stores: Array<[string, string, boolean]> = [
    ['workspaceblobstore', `azureml-blobstore-${workspaceGuid}`, true],
    ['workspaceartifactstore', 'azureml', false],
  ];
  for (const [name, container, isDefault] of stores) {
    ensureContainer(ctx, account.name, container);
    putArmResource(ctx.store, {
      id: `${wsId}/datastores/${name}`,
      name,
      type: T.datastore,
      properties: {
        description: null,
        tags: {},
        properties: {},
        isDefault,
        credentials: { credentialsType: 'AccountKey' },
        datastoreType: 'AzureBlob',
        accountName: account.name,
        containerName: container,
        endpoint: 'core.windows.net',
        protocol: 'https',
        serviceDataAccessAuthIdentity: 'None',
        subscriptionId: account.subscriptionId,
        resourceGroup: account.resourceGroup,
      },
      systemData: createdSystemData(principal, ctx.clock),
    });
  }
}

/** The workspace identity's roles: Contributor on its storage and registry, Storage Blob Data Contributor on its storage. */
export function grantWorkspaceIdentity(ctx: PlatformContext, principalId: string, storageId: string, registryId: string): void {
  const grants: Array<[string, string]> = [
    [storageId, BUILT_IN_ROLE_IDS.contributor],
    [storageId, BUILT_IN_ROLE_IDS.storageBlobDataContributor],
    [registryId, BUILT_IN_ROLE_IDS.contributor],
  ];
  for (const [scope, role] of grants) {
    createRoleAssignment(ctx.store, { scope, roleDefinitionGuid: role, principalId, principalType: 'ServicePrincipal', clock: ctx.clock, ids: ctx.ids });
  }
}
