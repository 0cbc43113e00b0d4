/**
 * ARM `systemData` (common-types): who created / last modified a resource and when.
 */
import type { Principal } from '../shared/principal.js';
import { principalDisplayId } from '../shared/principal.js';
import type { Clock } from '../shared/clock.js';

export type CreatedByType = 'User' | 'Application' | 'ManagedIdentity' | 'Key';

export interface SystemData {
  createdBy: string;
  createdByType: CreatedByType;
  createdAt: string;
  lastModifiedBy: string;
  lastModifiedByType: CreatedByType;
  lastModifiedAt: string;
}

export function actorOf(principal: Principal | undefined): { by: string; type: CreatedByType } {
  if (!principal) return { by: 'key', type: 'Key' };
  if (principal.type === 'User') return { by: principalDisplayId(principal), type: 'User' };
  if (principal.miResourceId) return { by: principal.appId ?? principal.objectId, type: 'ManagedIdentity' };
  return { by: principal.appId ?? principal.objectId, type: 'Application' };
}

/** systemData for a new resource. */
export function createdSystemData(principal: Principal | undefined, clock: Clock): SystemData {
  const { by, type } = actorOf(principal);
  const at = new Date(clock.now()).toISOString();
  return { createdBy: by, createdByType: type, createdAt: at, lastModifiedBy: by, lastModifiedByType: type, lastModifiedAt: at };
}

/** systemData after a modification (keeps the creation fields of `prev`). */
export function modifiedSystemData(prev: SystemData | undefined, principal: Principal | undefined, clock: Clock): SystemData {
  const next = createdSystemData(principal, clock);
  if (!prev) return next;
  return { ...next, createdBy: prev.createdBy, createdByType: prev.createdByType, createdAt: prev.createdAt };
}
