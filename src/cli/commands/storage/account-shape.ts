/**
 * The StorageAccount model as azure-mgmt-storage serializes it for az: envelope plus flattened properties in
 * camelCase, with the SDK's renamed attributes (`supportsHttpsTrafficOnly` → `enableHttpsTrafficOnly`,
 * `networkAcls` → `networkRuleSet`) and nulls for what the service left out.
 */
const RENAMES: Record<string, string> = {
  supportsHttpsTrafficOnly: 'enableHttpsTrafficOnly',
  networkAcls: 'networkRuleSet',
  isNfsV3Enabled: 'enableNfsV3',
};

const NULL_DEFAULTS = [
  'accessTier',
  'allowBlobPublicAccess',
  'allowCrossTenantReplication',
  'allowSharedKeyAccess',
  'allowedCopyScope',
  'azureFilesIdentityBasedAuthentication',
  'blobRestoreStatus',
  'creationTime',
  'customDomain',
  'defaultToOAuthAuthentication',
  'dnsEndpointType',
  'enableHttpsTrafficOnly',
  'enableNfsV3',
  'encryption',
  'extendedLocation',
  'failoverInProgress',
  'geoReplicationStats',
  'identity',
  'immutableStorageWithVersioning',
  'isHnsEnabled',
  'isLocalUserEnabled',
  'isSftpEnabled',
  'keyCreationTime',
  'keyPolicy',
  'largeFileSharesState',
  'lastGeoFailoverTime',
  'minimumTlsVersion',
  'networkRuleSet',
  'primaryEndpoints',
  'primaryLocation',
  'privateEndpointConnections',
  'provisioningState',
  'publicNetworkAccess',
  'routingPreference',
  'sasPolicy',
  'secondaryEndpoints',
  'secondaryLocation',
  'statusOfPrimary',
  'statusOfSecondary',
  'storageAccountSkuConversionStatus',
];

export function storageAccountShape(raw: unknown): Record<string, unknown> {
  const r = (raw ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of NULL_DEFAULTS) out[k] = null;
  for (const [k, v] of Object.entries((r.properties ?? {}) as Record<string, unknown>)) out[RENAMES[k] ?? k] = v;
  for (const k of ['id', 'name', 'type', 'location', 'kind', 'sku', 'identity', 'extendedLocation']) out[k] = r[k] ?? null;
  out.tags = r.tags ?? {};
  if (out.primaryEndpoints && typeof out.primaryEndpoints === 'object') {
    out.primaryEndpoints = { internetEndpoints: null, microsoftEndpoints: null, ...(out.primaryEndpoints as object) };
  }
  return out;
}
