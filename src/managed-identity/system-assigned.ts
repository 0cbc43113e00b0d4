/**
 * System-assigned identities, one mechanism for every resource type: created with the resource when its
 * `identity.type` includes SystemAssigned, immutable while enabled, removed with the resource (principal, role
 * assignments, cached tokens). Also fills in the user-assigned identities a resource references.
 */
import type { PlatformContext } from '../platform/context.js';
import { ApiError } from '../shared/errors.js';
import { parseResourceId, splitId } from '../shared/resource-id.js';
import type { ArmIdentity } from '../arm/resource-store.js';
import { canonicalId } from '../arm/resource-store.js';
import { createIdentityPrincipal, deleteIdentityPrincipal, type ManagedIdentityRef } from './principal-lifecycle.js';
import { getUai } from './user-assigned.js';

export const SYSTEM_ASSIGNED_KIND = 'systemAssignedIdentity';

export interface IdentityTypeFlags {
  system: boolean;
  user: boolean;
}

/** Parses `identity.type` case-insensitively: None, SystemAssigned, UserAssigned, "SystemAssigned,UserAssigned". */
export function parseIdentityType(type: unknown): IdentityTypeFlags {
  if (typeof type !== 'string') throw invalidIdentity(`The identity type '${String(type)}' is invalid. Supported types are 'None', 'SystemAssigned', 'UserAssigned' and 'SystemAssigned,UserAssigned'.`);
  const parts = type.split(',').map((p) => p.trim().toLowerCase()).filter((p) => p.length > 0);
  const flags = { system: false, user: false };
  for (const p of parts) {
    if (p === 'systemassigned') flags.system = true;
    else if (p === 'userassigned') flags.user = true;
    else if (p === 'none' && parts.length === 1) return flags;
    else throw invalidIdentity(`The identity type '${type}' is invalid. Supported types are 'None', 'SystemAssigned', 'UserAssigned' and 'SystemAssigned,UserAssigned'.`);
  }
  if (parts.length === 0) throw invalidIdentity(`The identity type '' is invalid. Supported types are 'None', 'SystemAssigned', 'UserAssigned' and 'SystemAssigned,UserAssigned'.`);
  return flags;
}

function formatType(f: IdentityTypeFlags): string {
  if (f.system && f.user) return 'SystemAssigned,UserAssigned';
  if (f.system) return 'SystemAssigned';
  if (f.user) return 'UserAssigned';
  return 'None';
}

function invalidIdentity(message: string): ApiError {
  return new ApiError(400, 'InvalidIdentity', message);
}

/** The UAI ids a request body's `identity` references (for the linked access check). */
export function userAssignedIdentityIds(requested: unknown): string[] {
  if (!requested || typeof requested !== 'object') return [];
  const uais = (requested as { userAssignedIdentities?: unknown }).userAssignedIdentities;
  if (!uais || typeof uais !== 'object' || Array.isArray(uais)) return [];
  return Object.keys(uais);
}

/**
 * The `displayName` Azure gives the principal of a system-assigned identity: the resource name; for Azure ML
 * child resources `/<workspace>/computes/<name>` and `/<workspace>/onlineEndpoints/<name>` (seed 001).
 */
export function defaultDisplayName(resourceId: string): string {
  const p = parseResourceId(resourceId);
  const segs = p.segments;
  if ((p.namespace ?? '').toLowerCase() === 'microsoft.machinelearningservices' && segs.length === 2 && segs[0].type.toLowerCase() === 'workspaces') {
    return `/${segs[0].name}/${segs[1].type}/${segs[1].name}`;
  }
  return p.name ?? splitId(resourceId).pop() ?? resourceId;
}

export function systemAssignedIdentityOf(ctx: PlatformContext, resourceId: string): ManagedIdentityRef | undefined {
  return ctx.store.get<ManagedIdentityRef>(SYSTEM_ASSIGNED_KIND, canonicalId(resourceId))?.body;
}

/**
 * Computes the `identity` to store and return for a PUT/PATCH of `resourceId`:
 * - `requested` undefined (a PATCH without `identity`): `existing` unchanged;
 * - SystemAssigned requested: the existing principal is kept, or one is created (displayName as Azure names it);
 * - SystemAssigned dropped: the principal is deleted with its role assignments;
 * - each referenced UAI must exist; its `principalId`/`clientId` are filled in.
 * Run the linked access check (`requireAssignPermission`) before calling this.
 */
export function applySystemAssignedIdentity(
  ctx: PlatformContext,
  resourceId: string,
  requested: unknown,
  existing: ArmIdentity | undefined,
  displayName?: string,
): ArmIdentity | undefined {
  if (requested === undefined) return existing;
  if (requested === null) {
    removeIdentitiesOf(ctx, resourceId, { childrenToo: false });
    return undefined;
  }
  if (typeof requested !== 'object' || Array.isArray(requested)) throw invalidIdentity('The identity property must be an object.');
  const req = requested as { type?: unknown; userAssignedIdentities?: unknown };
  const flags = parseIdentityType(req.type);
  const uaiIds = userAssignedIdentityIds(req);
  if (uaiIds.length > 0 && !flags.user) {
    throw invalidIdentity(`The identity type '${String(req.type)}' does not allow user assigned identities; use 'UserAssigned' or 'SystemAssigned,UserAssigned'.`);
  }
  if (flags.user && uaiIds.length === 0) {
    throw invalidIdentity("The 'userAssignedIdentities' property is required when the identity type includes 'UserAssigned'.");
  }
  const userAssigned: Record<string, { principalId: string; clientId: string }> = {};
  for (const id of uaiIds) {
    const uai = getUai(ctx, id);
    if (!uai) throw new ApiError(400, 'FailedIdentityOperation', `Identity (${id}) was not found. Make sure the user assigned identity exists.`);
    userAssigned[id] = { principalId: uai.properties.principalId, clientId: uai.properties.clientId };
  }

  const out: ArmIdentity = { type: formatType(flags) };
  if (flags.system) {
    const key = canonicalId(resourceId);
    let sai = systemAssignedIdentityOf(ctx, resourceId);
    if (!sai) {
      sai = ctx.store.transaction(() => {
        const ref = createIdentityPrincipal(ctx, displayName ?? defaultDisplayName(resourceId), key);
        ctx.store.put(SYSTEM_ASSIGNED_KIND, key, ref);
        return ref;
      });
    }
    out.principalId = sai.principalId;
    out.tenantId = sai.tenantId;
  } else {
    removeIdentitiesOf(ctx, resourceId, { childrenToo: false });
  }
  if (flags.user) out.userAssignedIdentities = userAssigned;
  return out;
}

/** Removes the system-assigned identity of `resourceId` and (by default) of every resource below it. */
export function removeIdentitiesOf(ctx: PlatformContext, resourceId: string, opts: { childrenToo?: boolean } = {}): number {
  const key = canonicalId(resourceId);
  let n = 0;
  const own = ctx.store.get<ManagedIdentityRef>(SYSTEM_ASSIGNED_KIND, key)?.body;
  if (own) {
    deleteIdentityPrincipal(ctx, own.principalId);
    ctx.store.delete(SYSTEM_ASSIGNED_KIND, key);
    n++;
  }
  if (opts.childrenToo ?? true) n += removeIdentitiesUnder(ctx, key);
  return n;
}

/** Removes the system-assigned identities of every resource strictly below `scope`. */
export function removeIdentitiesUnder(ctx: PlatformContext, scope: string): number {
  const prefix = canonicalId(scope) + '/';
  let n = 0;
  for (const doc of ctx.store.list<ManagedIdentityRef>(SYSTEM_ASSIGNED_KIND, { prefix })) {
    deleteIdentityPrincipal(ctx, doc.body.principalId);
    ctx.store.delete(SYSTEM_ASSIGNED_KIND, doc.key);
    n++;
  }
  return n;
}
