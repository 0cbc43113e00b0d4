/**
 * onlineEndpoints/{ep}/deployments: PUT (201/200 + Azure-AsyncOperation; stored `Creating`, then handed to the
 * serving runtime, which moves it to Succeeded or Failed — the operation status follows), GET, LIST, PATCH (tags,
 * instance count), DELETE (202 + Location; the runtime stops it first), getLogs (through the serving hooks).
 */
import type { Operation, Reply, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { putArmResource } from '../../arm/resource-store.js';
import { createdSystemData, modifiedSystemData } from '../../arm/system-data.js';
import { validateTags } from '../../arm/tags.js';
import { servingHooks, type DeploymentContainer } from '../serving-hooks.js';
import { DEPLOYMENT_PATH, ENDPOINT_PATH, ML_API_VERSIONS, T, wsAction } from './ml-constants.js';
import { mlErrors } from './ml-errors.js';
import { bodyOf, enumValue, listReply, propertiesOf } from './ml-request.js';
import { getDeployment, listDeployments, setDeploymentState, type DeploymentRecord } from './ml-records.js';
import { requireEndpoint } from './endpoint-ops.js';
import { deploymentWire, parseCapacity, parseDeploymentProperties } from './deployment-input.js';
import { startMlDelete, trackProvisioning } from './ml-operations.js';
import { removeDeployment } from './ml-cascade.js';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{1,31}$/;

function requireDeployment(ctx: PlatformContext, rc: RequestContext): DeploymentRecord {
  const { ep } = requireEndpoint(ctx, rc);
  const id = `${ep.id}/deployments/${rc.params.deploymentName}`;
  const d = getDeployment(ctx, id);
  if (!d) throw mlErrors.notFound(id);
  return d;
}

/** Hands a stored deployment to the serving runtime (a synchronous failure fails the deployment). */
function provision(ctx: PlatformContext, id: string): void {
  const hooks = servingHooks(ctx);
  if (!hooks) return;
  try {
    hooks.provision(id);
  } catch (e) {
    ctx.log.error({ evt: 'ml.deployment.provision', deployment: id, err: (e as Error)?.stack ?? String(e) });
    setDeploymentState(ctx, id, 'Failed', { code: 'DeploymentFailed', message: `Provisioning could not start: ${(e as Error)?.message ?? String(e)}` });
  }
}

function put(ctx: PlatformContext, rc: RequestContext): Reply {
  const { ep } = requireEndpoint(ctx, rc, 'write');
  const name = rc.params.deploymentName;
  if (!NAME.test(name)) {
    throw mlErrors.user(`Deployment name '${name}' is invalid. It must be 2-32 characters long, start with a letter or digit and contain only letters, digits and '-'.`);
  }
  const body = bodyOf(rc);
  const properties = parseDeploymentProperties(ctx, propertiesOf(body));
  const capacity = parseCapacity(body.sku);
  const id = `${ep.id}/deployments/${name}`;
  const existing = getDeployment(ctx, id);
  if (existing) properties.provisioningState = 'Updating';
  const now = new Date(ctx.clock.now()).toISOString();
  const record: DeploymentRecord = {
    id: existing?.id ?? id,
    name,
    type: T.deployment,
    location: ep.location,
    tags: validateTags(body.tags),
    kind: 'Managed',
    sku: { name: 'Default', capacity },
    properties,
    systemData: existing ? modifiedSystemData(existing.systemData, rc.caller.principal, ctx.clock) : createdSystemData(rc.caller.principal, ctx.clock),
    internal: { stateChangedAt: now },
  };
  const op = trackProvisioning(ctx, rc, record.id, ep.location ?? ctx.config.defaultLocation);
  putArmResource(ctx.store, record);
  provision(ctx, record.id);
  return { status: existing ? 200 : 201, headers: op.headers, body: deploymentWire(record) };
}

function patch(ctx: PlatformContext, rc: RequestContext): Reply {
  const d = requireDeployment(ctx, rc);
  const body = bodyOf(rc);
  const capacity = body.sku !== undefined ? parseCapacity(body.sku) : undefined;
  const scaled = capacity !== undefined && capacity !== d.sku?.capacity;
  const next: DeploymentRecord = {
    ...d,
    tags: 'tags' in body ? validateTags(body.tags) : d.tags,
    sku: { name: 'Default', capacity: capacity ?? d.sku?.capacity ?? 1 },
    properties: scaled ? { ...d.properties, provisioningState: 'Scaling' } : d.properties,
    systemData: modifiedSystemData(d.systemData, rc.caller.principal, ctx.clock),
    internal: scaled ? { ...d.internal, stateChangedAt: new Date(ctx.clock.now()).toISOString() } : d.internal,
  };
  putArmResource(ctx.store, next);
  if (scaled) {
    const op = trackProvisioning(ctx, rc, next.id, next.location ?? ctx.config.defaultLocation);
    provision(ctx, next.id);
    return { status: 200, headers: op.headers, body: deploymentWire(next) };
  }
  return { status: 200, body: deploymentWire(next) };
}

function del(ctx: PlatformContext, rc: RequestContext): Reply {
  const { ep } = requireEndpoint(ctx, rc, 'delete');
  const d = getDeployment(ctx, `${ep.id}/deployments/${rc.params.deploymentName}`);
  if (!d) return { status: 204 };
  const share = Object.entries({ ...ep.properties.mirrorTraffic, ...ep.properties.traffic }).find(([k, v]) => k.toLowerCase() === d.name.toLowerCase() && v > 0);
  if (share) {
    throw mlErrors.user(`Deployment '${d.name}' cannot be deleted while it receives traffic (${share[1]}%). Set its traffic and mirror traffic on endpoint '${ep.name}' to 0 first.`);
  }
  putArmResource(ctx.store, { ...d, properties: { ...d.properties, provisioningState: 'Deleting' } });
  const reply = startMlDelete(ctx, rc, d.id, d.location ?? ctx.config.defaultLocation, async () => {
    await removeDeployment(ctx, d);
    return { status: 200 };
  });
  return { status: reply.status, headers: reply.headers };
}

function list(ctx: PlatformContext, rc: RequestContext): Reply {
  const { ep } = requireEndpoint(ctx, rc);
  let items = listDeployments(ctx, ep.id);
  const top = Number(rc.query.get('$top'));
  if (Number.isInteger(top) && top > 0) items = items.slice(0, top);
  return listReply(items.map((d) => deploymentWire(d)));
}

function getLogs(ctx: PlatformContext, rc: RequestContext): Reply {
  const d = requireDeployment(ctx, rc);
  const body = bodyOf(rc);
  const type = enumValue(body.containerType, ['InferenceServer', 'StorageInitializer'] as const, 'containerType') ?? 'InferenceServer';
  const tail = body.tail === undefined || body.tail === null ? 5000 : Number(body.tail);
  if (!Number.isInteger(tail) || tail < 0) throw mlErrors.user('The tail value must be a non-negative integer.');
  const container: DeploymentContainer = type === 'InferenceServer' ? 'inference-server' : 'storage-initializer';
  const content = servingHooks(ctx)?.logs(d.id, container, tail) ?? '';
  return { status: 200, body: { content } };
}

export function deploymentOperations(ctx: PlatformContext): Operation[] {
  const common = { apiVersions: ML_API_VERSIONS, resourceType: T.deployment } as const;
  const A = wsAction('/onlineEndpoints/deployments');
  return [
    { ...common, id: 'OnlineDeployments_List', method: 'GET', path: `${ENDPOINT_PATH}/deployments`, action: `${A}/read`, handler: (rc) => list(ctx, rc) },
    { ...common, id: 'OnlineDeployments_Get', method: 'GET', path: DEPLOYMENT_PATH, action: `${A}/read`, handler: (rc) => ({ status: 200, body: deploymentWire(requireDeployment(ctx, rc)) }) },
    { ...common, id: 'OnlineDeployments_CreateOrUpdate', method: 'PUT', path: DEPLOYMENT_PATH, action: `${A}/write`, handler: (rc) => put(ctx, rc) },
    { ...common, id: 'OnlineDeployments_Update', method: 'PATCH', path: DEPLOYMENT_PATH, action: `${A}/write`, handler: (rc) => patch(ctx, rc) },
    { ...common, id: 'OnlineDeployments_Delete', method: 'DELETE', path: DEPLOYMENT_PATH, action: `${A}/delete`, handler: (rc) => del(ctx, rc) },
    {
      ...common,
      id: 'OnlineDeployments_GetLogs',
      method: 'POST',
      path: `${DEPLOYMENT_PATH}/getLogs`,
      action: `${A}/getLogs/action`,
      scope: (rc) => rc.url.pathname.replace(/\/getLogs\/?$/i, ''),
      handler: (rc) => getLogs(ctx, rc),
    },
  ];
}

