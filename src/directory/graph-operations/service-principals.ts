/**
 * `/servicePrincipals`: list, create for an application of the tenant (the caller becomes an owner), get, update,
 * delete. Managed-identity principals belong to their Azure resource and are not deleted through Graph.
 */
import type { RequestContext } from '../../http/operation.js';
import type { ServicePrincipalRecord } from '../types.js';
import { badRequest, readOnlyProperty, resourceNotFound, valueRequired } from '../graph-errors.js';
import { checkBody, SERVICE_PRINCIPAL_SCHEMA } from '../graph-body.js';
import { bodyObject, type GraphEnv, type GraphRoute } from '../graph-route.js';
import { entityReply, listReply, singleReply } from './replies.js';
import { ownersReply } from './owners.js';

function loadServicePrincipal(ctx: RequestContext, env: GraphEnv): ServicePrincipalRecord {
  const id = ctx.params.id;
  const sp = env.dir.getServicePrincipal(id);
  if (!sp) throw resourceNotFound(id);
  return sp;
}

export const servicePrincipalRoutes: GraphRoute[] = [
  {
    id: 'servicePrincipals.servicePrincipal.ListServicePrincipal',
    method: 'GET',
    path: '/servicePrincipals',
    permission: 'directory.read',
    handler: (ctx, env) => listReply(ctx, env, 'servicePrincipal', 'servicePrincipals'),
  },
  {
    id: 'servicePrincipals.servicePrincipal.CreateServicePrincipal',
    method: 'POST',
    path: '/servicePrincipals',
    permission: 'servicePrincipal.create',
    handler: (ctx, env) => {
      const { appId, ...properties } = checkBody(bodyObject(ctx), SERVICE_PRINCIPAL_SCHEMA);
      if (typeof appId !== 'string' || appId === '') throw valueRequired('appId', 'ServicePrincipal');
      const sp = env.dir.createServicePrincipal({ appId, owners: [env.caller.objectId], properties });
      return entityReply(env, sp, 'servicePrincipals', undefined, 201);
    },
  },
  {
    id: 'servicePrincipals.servicePrincipal.GetServicePrincipal',
    method: 'GET',
    path: '/servicePrincipals/{id}',
    permission: 'directory.read',
    target: loadServicePrincipal,
    handler: (ctx, env, sp) => singleReply(ctx, env, sp!, 'servicePrincipals'),
  },
  {
    id: 'servicePrincipals.servicePrincipal.UpdateServicePrincipal',
    method: 'PATCH',
    path: '/servicePrincipals/{id}',
    permission: 'servicePrincipal.update',
    target: loadServicePrincipal,
    handler: (ctx, env, sp) => {
      const changes = checkBody(bodyObject(ctx), SERVICE_PRINCIPAL_SCHEMA);
      if (changes.appId !== undefined) throw readOnlyProperty('appId');
      env.dir.updateServicePrincipal(sp!.id, changes);
      return { status: 204 };
    },
  },
  {
    id: 'servicePrincipals.servicePrincipal.DeleteServicePrincipal',
    method: 'DELETE',
    path: '/servicePrincipals/{id}',
    permission: 'servicePrincipal.delete',
    target: loadServicePrincipal,
    handler: (_ctx, env, target) => {
      const sp = target as ServicePrincipalRecord;
      if (sp.servicePrincipalType === 'ManagedIdentity') {
        throw badRequest(
          `The service principal '${sp.id}' belongs to a managed identity. Delete the managed identity (or disable the resource's system-assigned identity) in Azure Resource Manager instead.`,
        );
      }
      env.dir.deleteObject(sp.id);
      return { status: 204 };
    },
  },
  {
    id: 'servicePrincipals.ListOwners',
    method: 'GET',
    path: '/servicePrincipals/{id}/owners',
    permission: 'directory.read',
    target: loadServicePrincipal,
    handler: (_ctx, env, sp) => ownersReply(env, (sp as ServicePrincipalRecord)._owners),
  },
];
