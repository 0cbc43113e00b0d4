/**
 * Workspace connections: PUT (200), GET, LIST (`?category=`, `?target=`), DELETE (200; 204 when absent) and
 * POST `listsecrets`. RBAC actions `workspaces/connections/read|write|delete` and `…/listsecrets/action`.
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { deleteArmResourceTree, putArmResource } from '../../arm/resource-store.js';
import { createdSystemData, modifiedSystemData } from '../../arm/system-data.js';
import { ML_API_VERSIONS, WS_PATH, wsAction } from '../arm/ml-constants.js';
import { mlErrors } from '../arm/ml-errors.js';
import { bodyOf, listReply, propertiesOf, requireWorkspace } from '../arm/ml-request.js';
import { connectionInput } from './connection-input.js';
import { CONNECTION_TYPE, connectionId, connectionWire, getConnection, listConnections, type ConnectionRecord } from './connection-records.js';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,254}$/;

function put(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'write', type: 'workspaces/connections' });
  const name = rc.params.connectionName;
  if (!NAME.test(name)) {
    throw mlErrors.user(`The connection name '${name}' is invalid. It must be 3-255 characters long, start with a letter or digit, and contain only letters, digits, '-' and '_'.`);
  }
  const id = connectionId(ws.id, name);
  const existing = getConnection(ctx, id);
  const input = connectionInput(propertiesOf(bodyOf(rc)), existing ? { properties: existing.properties, secrets: existing.internal?.secrets } : undefined);
  const record: ConnectionRecord = {
    id: existing?.id ?? id,
    name,
    type: CONNECTION_TYPE,
    properties: input.properties,
    systemData: existing ? modifiedSystemData(existing.systemData, rc.caller.principal, ctx.clock) : createdSystemData(rc.caller.principal, ctx.clock),
  };
  if (Object.keys(input.secrets).length > 0) record.internal = { secrets: input.secrets };
  putArmResource(ctx.store, record);
  return { status: 200, body: connectionWire(record) };
}

function find(ctx: PlatformContext, rc: RequestContext, op: 'read' | 'delete'): { wsId: string; record?: ConnectionRecord; id: string } {
  const ws = requireWorkspace(ctx, rc, { op, type: 'workspaces/connections' });
  const id = connectionId(ws.id, rc.params.connectionName);
  return { wsId: ws.id, record: getConnection(ctx, id), id };
}

function get(ctx: PlatformContext, rc: RequestContext, withSecrets: boolean): Reply {
  const { record, id } = find(ctx, rc, 'read');
  if (!record) throw mlErrors.notFound(id);
  return { status: 200, body: connectionWire(record, withSecrets) };
}

function list(ctx: PlatformContext, rc: RequestContext): Reply {
  const ws = requireWorkspace(ctx, rc, { op: 'read', type: 'workspaces/connections' });
  const category = rc.query.get('category')?.toLowerCase();
  const target = rc.query.get('target');
  const items = listConnections(ctx, ws.id).filter(
    (c) => (!category || c.properties.category.toLowerCase() === category) && (!target || c.properties.target === target),
  );
  return listReply(items.map((c) => connectionWire(c)));
}

function del(ctx: PlatformContext, rc: RequestContext): Reply {
  const { record } = find(ctx, rc, 'delete');
  if (!record) return { status: 204 };
  deleteArmResourceTree(ctx.store, record.id);
  return { status: 200 };
}

export function connectionOperations(ctx: PlatformContext): Operation[] {
  const coll = `${WS_PATH}/connections`;
  const one = `${coll}/{connectionName}`;
  const A = wsAction('/connections');
  const c = { apiVersions: ML_API_VERSIONS, resourceType: CONNECTION_TYPE } as const;
  return [
    { ...c, id: 'WorkspaceConnections_List', method: 'GET', path: coll, action: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...c, id: 'WorkspaceConnections_Get', method: 'GET', path: one, action: `${A}/read`, handler: (rc) => get(ctx, rc, false) },
    { ...c, id: 'WorkspaceConnections_Create', method: 'PUT', path: one, action: `${A}/write`, handler: (rc) => put(ctx, rc) },
    { ...c, id: 'WorkspaceConnections_Delete', method: 'DELETE', path: one, action: `${A}/delete`, handler: (rc) => del(ctx, rc) },
    { ...c, id: 'WorkspaceConnections_ListSecrets', method: 'POST', path: `${one}/listsecrets`, action: `${A}/listsecrets/action`, handler: (rc) => get(ctx, rc, true) },
  ];
}
