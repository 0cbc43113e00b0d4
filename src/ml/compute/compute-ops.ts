/**
 * computes (compute instances): PUT (201 + Azure-AsyncOperation; identity system-assigned or user-assigned),
 * GET, LIST, DELETE (202 + Location: processes end, the system-assigned identity and the home folder go),
 * POST start|stop|restart (202 + Location), POST listNodes (where `cerulean compute exec` connects).
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { createdSystemData, modifiedSystemData } from '../../arm/system-data.js';
import { validateTags } from '../../arm/tags.js';
import { removeIdentitiesOf } from '../../managed-identity/system-assigned.js';
import { deleteArmResourceTree } from '../../arm/resource-store.js';
import { ML_API_VERSIONS, WS_PATH, normalizeLocation, workspaceId, wsAction } from '../arm/ml-constants.js';
import { mlErrors } from '../arm/ml-errors.js';
import { bodyOf, isObject, listReply, optString, propertiesOf, requireWorkspace, type Json } from '../arm/ml-request.js';
import { startMlDelete, trackProvisioning } from '../arm/ml-operations.js';
import { COMPUTE_PATH, COMPUTE_TYPE, getCompute, listComputes, putCompute, type ComputeRecord, type LastOperation } from './compute-records.js';
import { checkComputeIdentity, createComputeIdentity, identityChanged } from './compute-identity.js';
import { refuseCustomServices, requireComputeInstance, validateComputeName, vmSizeOf } from './compute-input.js';
import { planTransition, isRunning, type ComputeState, type PowerAction } from './compute-state.js';
import { computeWire } from './compute-wire.js';
import { computeInstancesOf } from './compute-instances.js';
import { closeComputeExecServer, computeExecServer } from './compute-exec-server.js';

const CHILD = 'workspaces/computes';
export const COMPUTE_ACTION = wsAction('/computes');

function now(ctx: PlatformContext): string {
  return new Date(ctx.clock.now()).toISOString();
}

function requireCompute(ctx: PlatformContext, rc: RequestContext, op: 'read' | 'write' | 'delete' = 'read'): ComputeRecord {
  const ws = requireWorkspace(ctx, rc, { op, type: CHILD });
  const id = `${ws.id}/computes/${rc.params.computeName}`;
  const c = getCompute(ctx, id);
  if (!c) throw mlErrors.notFound(id);
  return c;
}

function lastOperation(ctx: PlatformContext, name: LastOperation['operationName'], status: LastOperation['operationStatus']): LastOperation {
  return { operationName: name, operationTime: now(ctx), operationStatus: status, operationTrigger: 'User' };
}

/** Stores a new power state (and the last operation); false when the compute no longer exists. */
function setState(ctx: PlatformContext, id: string, state: ComputeState, op: LastOperation): boolean {
  return ctx.store.transaction(() => {
    const c = getCompute(ctx, id);
    if (!c) return false;
    putCompute(ctx, { ...c, properties: { ...c.properties, modifiedOn: now(ctx), properties: { ...c.properties.properties, state, lastOperation: op } } });
    return true;
  });
}

function put(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'write', type: CHILD });
  const name = rc.params.computeName;
  validateComputeName(name);
  const body = bodyOf(rc);
  const props = propertiesOf(body);
  const inner = isObject(props.properties) ? props.properties : {};
  const computeType = requireComputeInstance(props);
  refuseCustomServices(inner);
  const id = `${ws.id}/computes/${name}`;
  const existing = getCompute(ctx, id);
  const principal = rc.caller.principal;
  const tags = validateTags(body.tags);

  if (existing) {
    if (identityChanged(body.identity, existing.identity)) {
      throw mlErrors.user(`The identity of compute instance '${existing.name}' cannot be changed after it has been created. Delete and re-create the compute instance to use another identity.`);
    }
    const next: ComputeRecord = {
      ...existing,
      tags,
      properties: { ...existing.properties, description: optString(props, 'description') ?? existing.properties.description, modifiedOn: now(ctx) },
      systemData: modifiedSystemData(existing.systemData, principal, ctx.clock),
    };
    putCompute(ctx, next);
    return { status: 200, body: computeWire(next) };
  }

  checkComputeIdentity(ctx, principal, id, body.identity);
  const location = normalizeLocation(typeof body.location === 'string' && body.location ? body.location : (ws.location ?? ctx.config.defaultLocation));
  const sharing = String(inner.applicationSharingPolicy ?? 'Shared').toLowerCase() === 'personal' ? 'Personal' : 'Shared';
  const personal = isObject(inner.personalComputeInstanceSettings) ? inner.personalComputeInstanceSettings : undefined;
  const assigned = isObject(personal?.assignedUser) ? personal.assignedUser : undefined;
  const ssh = isObject(inner.sshSettings) ? inner.sshSettings : {};
  const created = ctx.store.transaction(() => {
    const identity = createComputeIdentity(ctx, ws, id, body.identity);
    const c: ComputeRecord = {
      id,
      name,
      type: COMPUTE_TYPE,
      location,
      tags,
      identity,
      properties: {
        computeType,
        computeLocation: location,
        ...(optString(props, 'description') !== undefined ? { description: optString(props, 'description') } : {}),
        provisioningState: 'Succeeded',
        provisioningErrors: null,
        createdOn: now(ctx),
        modifiedOn: now(ctx),
        isAttachedCompute: false,
        disableLocalAuth: props.disableLocalAuth === true,
        properties: {
          vmSize: vmSizeOf(inner),
          state: 'Running',
          applicationSharingPolicy: sharing,
          computeInstanceAuthorizationType: 'personal',
          ...(assigned && typeof assigned.objectId === 'string'
            ? { personalComputeInstanceSettings: { assignedUser: { objectId: assigned.objectId, tenantId: String(assigned.tenantId ?? ctx.config.tenantId) } } }
            : {}),
          sshSettings: { sshPublicAccess: String(ssh.sshPublicAccess ?? '').toLowerCase() === 'enabled' ? 'Enabled' : 'Disabled', adminUserName: 'azureuser', sshPort: 50000 },
          enableNodePublicIp: inner.enableNodePublicIp !== false,
          lastOperation: lastOperation(ctx, 'Create', 'Succeeded'),
        },
      },
      systemData: createdSystemData(principal, ctx.clock),
    };
    putCompute(ctx, c);
    computeInstancesOf(ctx).ensureHome(id);
    return c;
  });
  const op = trackProvisioning(ctx, rc, id, location);
  return { status: 201, headers: op.headers, body: computeWire(created, { provisioningState: 'Creating', state: 'Creating' }) };
}

/** Removes a compute with what hangs off it: its processes, home folder, system-assigned identity and record. */
export async function removeCompute(ctx: PlatformContext, c: ComputeRecord): Promise<void> {
  await computeInstancesOf(ctx).remove(c.id);
  await closeComputeExecServer(ctx, c.id);
  ctx.store.transaction(() => {
    removeIdentitiesOf(ctx, c.id);
    deleteArmResourceTree(ctx.store, c.id);
  });
}

function del(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'delete', type: CHILD });
  const c = getCompute(ctx, `${ws.id}/computes/${rc.params.computeName}`);
  if (!c) return { status: 204 };
  putCompute(ctx, { ...c, properties: { ...c.properties, provisioningState: 'Deleting', properties: { ...c.properties.properties, state: 'Deleting' } } });
  const reply = startMlDelete(ctx, rc, c.id, c.location ?? ctx.config.defaultLocation, async () => {
    await removeCompute(ctx, c);
    return { status: 200 };
  });
  return { status: reply.status, headers: reply.headers };
}

function power(ctx: PlatformContext, rc: RequestContext, action: PowerAction): Reply {
  const c = requireCompute(ctx, rc, 'write');
  const t = planTransition(c.name, c.properties.properties.state, action);
  setState(ctx, c.id, t.interim, lastOperation(ctx, t.operation, 'InProgress'));
  const reply = startMlDelete(ctx, rc, c.id, c.location ?? ctx.config.defaultLocation, async () => {
    if (action !== 'start') await computeInstancesOf(ctx).terminate(c.id);
    if (action === 'stop') await closeComputeExecServer(ctx, c.id);
    if (action !== 'stop') computeInstancesOf(ctx).ensureHome(c.id);
    setState(ctx, c.id, t.final, lastOperation(ctx, t.operation, 'Succeeded'));
    return { status: 200 };
  });
  return { status: reply.status, headers: reply.headers };
}

async function listNodes(ctx: PlatformContext, rc: RequestContext): Promise<Reply> {
  const c = requireCompute(ctx, rc);
  if (!isRunning(c.properties.properties.state)) return { status: 200, body: { nodes: [], nextLink: null } };
  const server = await computeExecServer(ctx, c.id);
  const node = {
    nodeId: `tvmps_${c.name.toLowerCase()}_d`,
    privateIpAddress: server.host,
    publicIpAddress: server.host,
    port: server.port,
    nodeState: 'idle',
    runId: null,
  };
  return { status: 200, body: { nodes: [node], nextLink: null } };
}

function list(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'read', type: CHILD });
  return listReply(listComputes(ctx, ws.id).map((c) => computeWire(c)));
}

export function computeOperations(ctx: PlatformContext): Operation[] {
  const common = { apiVersions: ML_API_VERSIONS, resourceType: COMPUTE_TYPE } as const;
  const A = COMPUTE_ACTION;
  const scope = (rc: RequestContext) => `${workspaceId(rc.params.subscriptionId, rc.params.resourceGroupName, rc.params.workspaceName)}/computes/${rc.params.computeName}`;
  return [
    { ...common, id: 'Compute_List', method: 'GET', path: `${WS_PATH}/computes`, action: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...common, id: 'Compute_Get', method: 'GET', path: COMPUTE_PATH, action: `${A}/read`, handler: (rc) => ({ status: 200, body: computeWire(requireCompute(ctx, rc)) }) },
    { ...common, id: 'Compute_CreateOrUpdate', method: 'PUT', path: COMPUTE_PATH, action: `${A}/write`, handler: (rc) => put(ctx, rc) },
    { ...common, id: 'Compute_Delete', method: 'DELETE', path: COMPUTE_PATH, action: `${A}/delete`, handler: (rc) => del(ctx, rc) },
    { ...common, id: 'Compute_Start', method: 'POST', path: `${COMPUTE_PATH}/start`, action: `${A}/start/action`, scope, handler: (rc) => power(ctx, rc, 'start') },
    { ...common, id: 'Compute_Stop', method: 'POST', path: `${COMPUTE_PATH}/stop`, action: `${A}/stop/action`, scope, handler: (rc) => power(ctx, rc, 'stop') },
    { ...common, id: 'Compute_Restart', method: 'POST', path: `${COMPUTE_PATH}/restart`, action: `${A}/restart/action`, scope, handler: (rc) => power(ctx, rc, 'restart') },
    { ...common, id: 'Compute_ListNodes', method: 'POST', path: `${COMPUTE_PATH}/listNodes`, action: `${A}/listNodes/action`, scope, handler: (rc) => listNodes(ctx, rc) },
  ];
}
