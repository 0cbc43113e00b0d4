/**
 * The authenticated caller of a request, as taken from a verified token (or a key).
 * `objectId` is what role assignments name; `displayId` is what Azure prints as "the client '…'":
 * the UPN for users, the application (client) id for service principals and managed identities.
 */
export type PrincipalType = 'User' | 'ServicePrincipal' | 'Group';

export interface Principal {
  objectId: string;
  tenantId: string;
  type: PrincipalType;
  /** Application (client) id for service principals and managed identities. */
  appId?: string;
  /** userPrincipalName for users. */
  upn?: string;
  displayName?: string;
  /** ARM id of the managed identity (`xms_mirid`), for managed identities. */
  miResourceId?: string;
  /** Raw verified claims. */
  claims?: Record<string, unknown>;
}

export function principalDisplayId(p: Principal): string {
  return p.upn ?? p.appId ?? p.objectId;
}

/** A key-based caller (storage shared key, endpoint key…): not subject to RBAC. */
export interface KeyCaller {
  kind: 'key';
  description: string;
}
