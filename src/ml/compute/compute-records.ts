/**
 * Azure ML computes as stored: generic `armResource` records of type `Microsoft.MachineLearningServices/workspaces/computes`
 * (so resource-group deletion and generic listing see them). Only compute instances are served. The instance's home
 * folder is remembered beside the record (kind `mlComputeHome`), so it can be removed even after the record is gone.
 */
import type { PlatformContext } from '../../platform/context.js';
import { canonicalId, getArmResource, listArmResources, putArmResource, type ArmResource } from '../../arm/resource-store.js';
import { ML_NAMESPACE, WS_PATH } from '../arm/ml-constants.js';
import type { ComputeState } from './compute-state.js';
import { ApiError } from '../../shared/errors.js';
import { INSTANCE_UID_BASE, INSTANCE_UID_COUNT } from '../../runtime/sandbox.js';

export const COMPUTE_TYPE = `${ML_NAMESPACE}/workspaces/computes`;
export const COMPUTE_PATH = `${WS_PATH}/computes/{computeName}`;
export const COMPUTE_HOME_KIND = 'mlComputeHome';

export type ComputeProvisioningState = 'Creating' | 'Updating' | 'Deleting' | 'Succeeded' | 'Failed' | 'Canceled';

export interface LastOperation {
  operationName: 'Create' | 'Start' | 'Stop' | 'Restart' | 'Delete';
  operationTime: string;
  operationStatus: 'InProgress' | 'Succeeded' | 'Failed';
  operationTrigger: 'User';
}

/** `properties.properties` of a compute instance (2024-04-01). */
export interface ComputeInstanceProperties {
  vmSize: string;
  state: ComputeState;
  applicationSharingPolicy: 'Personal' | 'Shared';
  computeInstanceAuthorizationType: 'personal';
  personalComputeInstanceSettings?: { assignedUser: { objectId: string; tenantId: string } };
  sshSettings: { sshPublicAccess: 'Disabled' | 'Enabled'; adminUserName: string; sshPort: number };
  enableNodePublicIp: boolean;
  lastOperation: LastOperation;
}

export interface ComputeProperties {
  computeType: 'ComputeInstance';
  computeLocation: string;
  description?: string;
  provisioningState: ComputeProvisioningState;
  provisioningErrors: unknown[] | null;
  createdOn: string;
  modifiedOn: string;
  isAttachedCompute: false;
  disableLocalAuth: boolean;
  properties: ComputeInstanceProperties;
}

export type ComputeRecord = ArmResource<ComputeProperties>;

export function computeIdOf(workspaceId: string, name: string): string {
  return `${canonicalId(workspaceId)}/computes/${name}`;
}

export function getCompute(ctx: PlatformContext, id: string): ComputeRecord | undefined {
  const r = getArmResource<ComputeProperties>(ctx.store, id);
  return r && r.type.toLowerCase() === COMPUTE_TYPE.toLowerCase() ? r : undefined;
}

export function listComputes(ctx: PlatformContext, workspaceId: string): ComputeRecord[] {
  return listArmResources<ComputeProperties>(ctx.store, { under: workspaceId, type: COMPUTE_TYPE });
}

export function putCompute(ctx: PlatformContext, c: ComputeRecord): void {
  putArmResource(ctx.store, c);
}

/** The state of an instance as stored, for the runtime (undefined when it no longer exists). */
export function instanceState(ctx: PlatformContext, id: string): ComputeState | undefined {
  return getCompute(ctx, id)?.properties.properties.state;
}

export interface ComputeHome {
  /** ARM id of the compute (canonical). */
  id: string;
  /** Absolute path of the instance's folder (its home is `<dir>/home`). */
  dir: string;
  /** The uid every process of the instance runs as, when workloads are isolated (the owner of its home). */
  uid?: number;
}

export function getComputeHome(ctx: PlatformContext, id: string): ComputeHome | undefined {
  return ctx.store.get<ComputeHome>(COMPUTE_HOME_KIND, canonicalId(id).toLowerCase())?.body;
}

export function putComputeHome(ctx: PlatformContext, home: ComputeHome): void {
  ctx.store.put(COMPUTE_HOME_KIND, canonicalId(home.id).toLowerCase(), home);
}

export function deleteComputeHome(ctx: PlatformContext, id: string): void {
  ctx.store.delete(COMPUTE_HOME_KIND, canonicalId(id).toLowerCase());
}

const COMPUTE_UID_KIND = 'mlComputeUid';

/**
 * A uid for a new instance, from the instances' own range: never one another instance holds, and the range is
 * gone through before any uid is given out again (a deleted instance's files elsewhere stay out of a new one's reach).
 */
export function nextInstanceUid(ctx: PlatformContext): number {
  const held = new Set(ctx.store.list<ComputeHome>(COMPUTE_HOME_KIND).map((d) => d.body.uid));
  let next = ctx.store.get<{ next: number }>(COMPUTE_UID_KIND, 'next')?.body.next ?? 0;
  for (let i = 0; i < INSTANCE_UID_COUNT; i++) {
    const uid = INSTANCE_UID_BASE + (next % INSTANCE_UID_COUNT);
    next = (next + 1) % INSTANCE_UID_COUNT;
    if (!held.has(uid)) {
      ctx.store.put(COMPUTE_UID_KIND, 'next', { next });
      return uid;
    }
  }
  throw new ApiError(409, 'QuotaExceeded', `Every compute instance uid (${INSTANCE_UID_BASE}+n) is in use; delete an instance first.`);
}

/** Home folders of every compute at or below `scope`. */
export function computeHomesUnder(ctx: PlatformContext, scope: string): ComputeHome[] {
  const prefix = canonicalId(scope).toLowerCase();
  return ctx.store
    .list<ComputeHome>(COMPUTE_HOME_KIND, { prefix })
    .map((d) => d.body)
    .filter((h) => {
      const k = canonicalId(h.id).toLowerCase();
      return k === prefix || k.startsWith(prefix + '/');
    });
}
