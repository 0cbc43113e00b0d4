/**
 * Generic ARM resource records (kind `armResource`, keyed by resource id; the id keeps the caller's casing).
 * Providers keep their tracked and proxy resources here so that generic listing, resource-group deletion and
 * `az resource` work across providers.
 */
import type { Store } from '../store/store.js';
import { splitId } from '../shared/resource-id.js';
import type { Tags } from './tags.js';
import type { SystemData } from './system-data.js';

export const ARM_RESOURCE_KIND = 'armResource';

export interface ArmIdentity {
  type: string;
  principalId?: string;
  tenantId?: string;
  userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }>;
}

export interface ArmSku {
  name: string;
  tier?: string;
  size?: string;
  family?: string;
  capacity?: number;
}

export interface ArmResource<P = Record<string, unknown>> {
  id: string;
  name: string;
  /** Full type, e.g. `Microsoft.Storage/storageAccounts`. */
  type: string;
  location?: string;
  tags?: Tags;
  properties: P;
  identity?: ArmIdentity;
  sku?: ArmSku;
  kind?: string;
  managedBy?: string;
  etag?: string;
  systemData?: SystemData;
}

/** `/a/b/c` with single slashes and no trailing slash (casing kept). */
export function canonicalId(id: string): string {
  return '/' + splitId(id).join('/');
}

export function getArmResource<P = Record<string, unknown>>(store: Store, id: string): ArmResource<P> | undefined {
  return store.get<ArmResource<P>>(ARM_RESOURCE_KIND, canonicalId(id))?.body;
}

/** Inserts or replaces a resource record. Returns the store version (usable as an ETag). */
export function putArmResource<P>(store: Store, resource: ArmResource<P>): number {
  const id = canonicalId(resource.id);
  return store.put(ARM_RESOURCE_KIND, id, { ...resource, id });
}

export interface ListArmResourcesOptions {
  /** Only resources strictly below this scope (subscription, resource group or resource id). */
  under?: string;
  /** Only this full type (case-insensitive). */
  type?: string;
  /** Only direct children of `under` (one type/name pair deeper; for a resource group: top-level resources). */
  directChildren?: boolean;
}

/** Number of type/name pairs after the last `providers/{namespace}` of a canonical id. */
function depthBelow(parent: string, id: string): number {
  const rest = splitId(id).slice(splitId(parent).length);
  // `providers/{ns}/{type}/{name}` is one level; `{childType}/{childName}` is one more.
  if (rest[0]?.toLowerCase() === 'providers') return (rest.length - 2) / 2;
  return rest.length / 2;
}

export function listArmResources<P = Record<string, unknown>>(store: Store, opts: ListArmResourcesOptions = {}): ArmResource<P>[] {
  const base = opts.under !== undefined ? canonicalId(opts.under) : undefined;
  const prefix = base === undefined ? undefined : base === '/' ? '/' : base + '/';
  const docs = store.list<ArmResource<P>>(ARM_RESOURCE_KIND, prefix !== undefined ? { prefix } : {});
  const type = opts.type?.toLowerCase();
  return docs
    .map((d) => d.body)
    .filter((r) => (type ? r.type.toLowerCase() === type : true))
    .filter((r) => (opts.directChildren && opts.under ? depthBelow(opts.under, r.id) === 1 : true));
}

/** Deletes a resource and every resource below it (child and extension resources). Returns the count. */
export function deleteArmResourceTree(store: Store, id: string): number {
  const canonical = canonicalId(id);
  return store.transaction(() => {
    let n = store.delete(ARM_RESOURCE_KIND, canonical) ? 1 : 0;
    n += store.deletePrefix(ARM_RESOURCE_KIND, canonical + '/');
    return n;
  });
}

/** Deletes every resource strictly below a scope (e.g. everything in a resource group). */
export function deleteArmResourcesUnder(store: Store, scope: string): number {
  return store.deletePrefix(ARM_RESOURCE_KIND, canonicalId(scope) + '/');
}
