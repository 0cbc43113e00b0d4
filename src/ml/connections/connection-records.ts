/**
 * Workspace connections (`…/workspaces/{ws}/connections/{name}`) as stored: a generic `armResource` record whose
 * secrets (password, PAT, keys) live in `internal.secrets` — never rendered, removed with the record (so workspace
 * and resource group deletion take them along).
 */
import type { PlatformContext } from '../../platform/context.js';
import { getArmResource, listArmResources, type ArmResource } from '../../arm/resource-store.js';
import { ML_NAMESPACE } from '../arm/ml-constants.js';
import { targetHost } from '../environments/image-reference.js';

export const CONNECTION_TYPE = `${ML_NAMESPACE}/workspaces/connections`;

export interface ConnectionProperties {
  category: string;
  target: string;
  authType: string;
  /** Non-secret credential fields (clientId, resourceId, username…). */
  credentials?: Record<string, string>;
  metadata?: Record<string, string>;
  isSharedToAll?: boolean;
  expiryTime?: string | null;
  group?: string;
}

export type ConnectionRecord = ArmResource<ConnectionProperties> & { internal?: { secrets?: Record<string, string> } };

export function connectionId(workspaceId: string, name: string): string {
  return `${workspaceId}/connections/${name}`;
}

export function getConnection(ctx: PlatformContext, id: string): ConnectionRecord | undefined {
  const r = getArmResource<ConnectionProperties>(ctx.store, id) as ConnectionRecord | undefined;
  return r && r.type.toLowerCase() === CONNECTION_TYPE.toLowerCase() ? r : undefined;
}

export function listConnections(ctx: PlatformContext, workspaceId: string): ConnectionRecord[] {
  return listArmResources<ConnectionProperties>(ctx.store, { under: workspaceId, type: CONNECTION_TYPE }) as ConnectionRecord[];
}

/** The first (by name) ContainerRegistry connection of the workspace whose target is `loginServer`. */
export function registryConnectionFor(ctx: PlatformContext, workspaceId: string, loginServer: string): ConnectionRecord | undefined {
  const ls = loginServer.toLowerCase();
  return listConnections(ctx, workspaceId).find((c) => c.properties.category.toLowerCase() === 'containerregistry' && targetHost(c.properties.target) === ls);
}

/** The ARM JSON of a connection (secrets left out; `listsecrets` returns them). */
export function connectionWire(r: ConnectionRecord, withSecrets = false): Record<string, unknown> {
  const p = r.properties;
  const properties: Record<string, unknown> = {
    authType: p.authType,
    category: p.category,
    target: p.target,
    isSharedToAll: p.isSharedToAll ?? false,
    metadata: p.metadata ?? {},
    expiryTime: p.expiryTime ?? null,
    group: p.group ?? groupOf(p.category),
  };
  if (p.credentials || (withSecrets && r.internal?.secrets)) {
    properties.credentials = { ...(p.credentials ?? {}), ...(withSecrets ? (r.internal?.secrets ?? {}) : {}) };
  }
  const out: Record<string, unknown> = { id: r.id, name: r.name, type: CONNECTION_TYPE, properties };
  if (r.systemData) out.systemData = r.systemData;
  return out;
}

function groupOf(category: string): string {
  const c = category.toLowerCase();
  if (c === 'containerregistry' || c === 'git' || c === 'pythonfeed') return 'ServicesAndApps';
  if (c.includes('blob') || c.includes('storage') || c === 's3' || c.includes('sql') || c === 'snowflake') return 'Azure';
  return 'GenericProtocol';
}
