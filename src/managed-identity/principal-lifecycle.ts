/**
 * The service principals behind managed identities: created with the identity (user-assigned) or with the
 * resource that enables it (system-assigned); deleted with it, together with its role assignments and the
 * tokens cached for it.
 */
import type { PlatformContext } from '../platform/context.js';
import type { ServicePrincipalRecord } from '../directory/types.js';
import type { TokenSubject } from '../identity/types.js';
import { deleteRoleAssignmentsForPrincipal } from '../arm/authorization/role-assignment-store.js';

export interface ManagedIdentityRef {
  /** ARM id the identity stands for: the UAI itself, or the resource a system-assigned identity belongs to. */
  resourceId: string;
  /** Object id of the service principal (`principalId`). */
  principalId: string;
  /** Application (client) id of the service principal (`clientId`). */
  clientId: string;
  tenantId: string;
}

export function createIdentityPrincipal(ctx: PlatformContext, displayName: string, resourceId: string): ManagedIdentityRef {
  const sp = ctx.directory.createManagedIdentityPrincipal({ displayName, resourceId });
  return { resourceId, principalId: sp.id, clientId: sp.appId, tenantId: ctx.config.tenantId };
}

/** Removes a managed identity's principal, its role assignments and its cached tokens. */
export function deleteIdentityPrincipal(ctx: PlatformContext, principalId: string): void {
  ctx.store.transaction(() => {
    deleteRoleAssignmentsForPrincipal(ctx.store, principalId);
    ctx.directory.deleteObject(principalId);
  });
  const tokens = ctx.tokens as { forgetSubject?: (objectId: string) => void };
  tokens.forgetSubject?.(principalId);
}

/** The managed-identity service principal with this client id, if it exists and is enabled. */
export function managedIdentityByClientId(ctx: PlatformContext, clientId: string): ServicePrincipalRecord | undefined {
  const sp = ctx.directory.getServicePrincipalByAppId(clientId);
  if (!sp || sp.servicePrincipalType !== 'ManagedIdentity' || !sp.accountEnabled) return undefined;
  return sp;
}

/** What the token service needs to issue a managed-identity token (`xms_mirid` = the identity's ARM id). */
export function managedIdentitySubject(sp: ServicePrincipalRecord, tenantId: string): TokenSubject {
  return {
    objectId: sp.id,
    tenantId,
    kind: 'managedIdentity',
    appId: sp.appId,
    name: sp.displayName,
    ...(sp._miResourceId ? { miResourceId: sp._miResourceId } : {}),
  };
}
