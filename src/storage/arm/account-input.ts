/** Reads and validates the body of a storage account PUT/PATCH. */
import type { RequestContext } from '../../http/operation.js';
import { validateTags } from '../../arm/tags.js';
import { storageArmErrors } from './storage-arm-errors.js';

const SKUS: Record<string, string> = {
  standard_lrs: 'Standard_LRS',
  standard_grs: 'Standard_GRS',
  standard_ragrs: 'Standard_RAGRS',
  standard_zrs: 'Standard_ZRS',
  standard_gzrs: 'Standard_GZRS',
  standard_ragzrs: 'Standard_RAGZRS',
  premium_lrs: 'Premium_LRS',
  premium_zrs: 'Premium_ZRS',
};
const KINDS: Record<string, string> = {
  storagev2: 'StorageV2',
  storage: 'Storage',
  blobstorage: 'BlobStorage',
  blockblobstorage: 'BlockBlobStorage',
  filestorage: 'FileStorage',
};
/** Writable account properties kept as given (read-only ones are computed). */
const WRITABLE = [
  'allowSharedKeyAccess',
  'allowBlobPublicAccess',
  'minimumTlsVersion',
  'supportsHttpsTrafficOnly',
  'accessTier',
  'isHnsEnabled',
  'networkAcls',
  'encryption',
  'publicNetworkAccess',
  'allowCrossTenantReplication',
  'defaultToOAuthAuthentication',
  'dnsEndpointType',
  'isLocalUserEnabled',
  'isSftpEnabled',
];

export interface AccountInput {
  location?: string;
  kind?: string;
  sku?: { name: string; tier: string };
  tags?: Record<string, string>;
  properties?: Record<string, unknown>;
}

export function bodyObject(rc: RequestContext): Record<string, unknown> {
  const b = rc.body;
  if (b === undefined || b === null) return {};
  if (typeof b !== 'object' || Array.isArray(b)) throw storageArmErrors.invalidBody('Expected a JSON object.');
  return b as Record<string, unknown>;
}

export function canonicalLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

export function parseAccountInput(body: Record<string, unknown>, partial: boolean): AccountInput {
  const out: AccountInput = {};
  if (typeof body.location === 'string' && body.location.trim() !== '') out.location = body.location;
  if (body.kind !== undefined) {
    const kind = KINDS[String(body.kind).toLowerCase()];
    if (!kind) throw storageArmErrors.invalidKind(String(body.kind));
    out.kind = kind;
  }
  const sku = body.sku as { name?: unknown } | undefined;
  if (sku !== undefined && sku !== null) {
    const name = SKUS[String(sku.name ?? '').toLowerCase()];
    if (!name) throw storageArmErrors.invalidSku(String(sku.name));
    out.sku = { name, tier: name.startsWith('Premium') ? 'Premium' : 'Standard' };
  }
  if (body.tags !== undefined || !partial) out.tags = validateTags(body.tags);
  const identity = body.identity as { type?: unknown } | undefined;
  if (identity && identity.type !== undefined && String(identity.type).toLowerCase() !== 'none') {
    throw storageArmErrors.identityNotSupported(String(identity.type));
  }
  const props = body.properties;
  if (props !== undefined && props !== null) {
    if (typeof props !== 'object' || Array.isArray(props)) throw storageArmErrors.invalidBody('properties must be an object');
    const p = props as Record<string, unknown>;
    const kept: Record<string, unknown> = {};
    for (const k of WRITABLE) if (p[k] !== undefined) kept[k] = p[k];
    if (kept.allowSharedKeyAccess !== undefined && typeof kept.allowSharedKeyAccess !== 'boolean') {
      throw storageArmErrors.invalidBody('allowSharedKeyAccess must be a boolean');
    }
    out.properties = kept;
  }
  return out;
}
