/** JSON shapes of Microsoft.Storage resources (2023-01-01) built from the stored records. */
import type { StorageAccountRecord } from '../accounts/account-records.js';
import type { ContainerRecord } from '../blob/blob-records.js';

export const ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';
export const BLOB_SERVICE_TYPE = 'Microsoft.Storage/storageAccounts/blobServices';
export const CONTAINER_TYPE = 'Microsoft.Storage/storageAccounts/blobServices/containers';

export function primaryEndpoints(name: string): Record<string, string> {
  return {
    dfs: `https://${name}.dfs.core.windows.net/`,
    web: `https://${name}.z13.web.core.windows.net/`,
    blob: `https://${name}.blob.core.windows.net/`,
    queue: `https://${name}.queue.core.windows.net/`,
    table: `https://${name}.table.core.windows.net/`,
    file: `https://${name}.file.core.windows.net/`,
  };
}

export function accountWire(a: StorageAccountRecord): Record<string, unknown> {
  const keyTime = (n: string) => a.keys.find((k) => k.keyName === n)?.creationTime;
  const encryptionService = { keyType: 'Account', enabled: true, lastEnabledTime: a.createdAt };
  const properties: Record<string, unknown> = {
    keyCreationTime: { key1: keyTime('key1'), key2: keyTime('key2') },
    privateEndpointConnections: [],
    minimumTlsVersion: 'TLS1_2',
    allowBlobPublicAccess: false,
    networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' },
    supportsHttpsTrafficOnly: true,
    encryption: { services: { file: encryptionService, blob: encryptionService }, keySource: 'Microsoft.Storage' },
    accessTier: 'Hot',
    ...a.properties,
    provisioningState: 'Succeeded',
    creationTime: a.createdAt,
    primaryEndpoints: primaryEndpoints(a.name),
    primaryLocation: a.location,
    statusOfPrimary: 'available',
  };
  const out: Record<string, unknown> = {
    sku: a.sku,
    kind: a.kind,
    id: a.id,
    name: a.name,
    type: ACCOUNT_TYPE,
    location: a.location,
    tags: a.tags,
    properties,
  };
  if (a.identity) out.identity = a.identity;
  if (a.systemData) out.systemData = a.systemData;
  return out;
}

export function blobServiceWire(a: StorageAccountRecord): Record<string, unknown> {
  return {
    sku: a.sku,
    id: `${a.id}/blobServices/default`,
    name: 'default',
    type: BLOB_SERVICE_TYPE,
    properties: {
      cors: { corsRules: [] },
      deleteRetentionPolicy: { allowPermanentDelete: false, enabled: false },
      ...a.blobServiceProperties,
    },
  };
}

export function containerWire(a: StorageAccountRecord, c: ContainerRecord): Record<string, unknown> {
  const properties: Record<string, unknown> = {
    immutableStorageWithVersioning: { enabled: false },
    deleted: false,
    remainingRetentionDays: 0,
    defaultEncryptionScope: '$account-encryption-key',
    denyEncryptionScopeOverride: false,
    publicAccess: c.publicAccess ?? 'None',
    leaseStatus: 'Unlocked',
    leaseState: 'Available',
    lastModifiedTime: new Date(c.lastModified).toISOString(),
    legalHold: { hasLegalHold: false, tags: [] },
    hasImmutabilityPolicy: false,
    hasLegalHold: false,
  };
  if (Object.keys(c.metadata).length > 0) properties.metadata = c.metadata;
  return {
    id: `${a.id}/blobServices/default/containers/${c.name}`,
    name: c.name,
    type: CONTAINER_TYPE,
    etag: `"${c.etag}"`,
    properties,
  };
}
