/**
 * `/applications`: list, create (the caller becomes an owner), get, update, delete (also deletes the service
 * principal), `addPassword` (the secret is returned once) and `removePassword`.
 */
import type { RequestContext } from '../../http/operation.js';
import type { ApplicationRecord } from '../types.js';
import { badRequest, resourceNotFound, valueRequired } from '../graph-errors.js';
import { APPLICATION_SCHEMA, checkBody } from '../graph-body.js';
import { passwordCredentialView } from '../graph-shapes.js';
import { bodyObject, type GraphEnv, type GraphRoute } from '../graph-route.js';
import { entityReply, listReply, singleReply } from './replies.js';
import { ownersReply } from './owners.js';

function loadApplication(ctx: RequestContext, env: GraphEnv): ApplicationRecord {
  const id = ctx.params.id;
  const app = env.dir.getApplication(id);
  if (!app) throw resourceNotFound(id);
  return app;
}

/** Key credentials keep what the client sent, with a keyId; the public key itself is not returned on reads. */
function normalizeKeyCredentials(body: Record<string, unknown>, env: GraphEnv): void {
  if (!Array.isArray(body.keyCredentials)) return;
  body.keyCredentials = body.keyCredentials.map((k: Record<string, unknown>) => ({
    customKeyIdentifier: null,
    displayName: null,
    endDateTime: null,
    startDateTime: null,
    type: null,
    usage: null,
    ...k,
    keyId: typeof k.keyId === 'string' ? k.keyId : env.ids.uuid(),
  }));
}

function checkApplicationBody(ctx: RequestContext, env: GraphEnv): Record<string, unknown> {
  const body = checkBody(bodyObject(ctx), APPLICATION_SCHEMA);
  if (body.displayName === '') throw valueRequired('displayName', 'Application');
  if (body.signInAudience !== undefined) {
    const ok = ['AzureADMyOrg', 'AzureADMultipleOrgs', 'AzureADandPersonalMicrosoftAccount', 'PersonalMicrosoftAccount'];
    if (!ok.includes(body.signInAudience as string)) throw badRequest(`Invalid value specified for property 'signInAudience' of resource 'Application'.`);
  }
  normalizeKeyCredentials(body, env);
  return body;
}

export const applicationRoutes: GraphRoute[] = [
  {
    id: 'applications.application.ListApplication',
    method: 'GET',
    path: '/applications',
    permission: 'directory.read',
    handler: (ctx, env) => listReply(ctx, env, 'application', 'applications'),
  },
  {
    id: 'applications.application.CreateApplication',
    method: 'POST',
    path: '/applications',
    permission: 'application.create',
    handler: (ctx, env) => {
      const { displayName, ...properties } = checkApplicationBody(ctx, env);
      if (typeof displayName !== 'string') throw valueRequired('displayName', 'Application');
      const app = env.dir.createApplication({ displayName, owners: [env.caller.objectId], properties });
      return entityReply(env, app, 'applications', undefined, 201);
    },
  },
  {
    id: 'applications.application.GetApplication',
    method: 'GET',
    path: '/applications/{id}',
    permission: 'directory.read',
    target: loadApplication,
    handler: (ctx, env, app) => singleReply(ctx, env, app!, 'applications'),
  },
  {
    id: 'applications.application.UpdateApplication',
    method: 'PATCH',
    path: '/applications/{id}',
    permission: 'application.update',
    target: loadApplication,
    handler: (ctx, env, app) => {
      env.dir.updateApplication(app!.id, checkApplicationBody(ctx, env));
      return { status: 204 };
    },
  },
  {
    id: 'applications.application.DeleteApplication',
    method: 'DELETE',
    path: '/applications/{id}',
    permission: 'application.delete',
    target: loadApplication,
    handler: (_ctx, env, app) => {
      env.dir.deleteObject(app!.id);
      return { status: 204 };
    },
  },
  {
    id: 'applications.application.addPassword',
    method: 'POST',
    path: '/applications/{id}/addPassword',
    permission: 'application.update',
    target: loadApplication,
    handler: (ctx, env, app) => {
      const pc = bodyObject(ctx).passwordCredential;
      const input = (pc !== null && typeof pc === 'object' ? pc : {}) as Record<string, unknown>;
      const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : undefined);
      const { credential, secretText } = env.dir.addApplicationPassword(app!.id, {
        displayName: str('displayName') ?? null,
        startDateTime: str('startDateTime'),
        endDateTime: str('endDateTime'),
      });
      return {
        status: 200,
        body: { '@odata.context': env.context('microsoft.graph.passwordCredential'), ...passwordCredentialView(credential, secretText) },
      };
    },
  },
  {
    id: 'applications.application.removePassword',
    method: 'POST',
    path: '/applications/{id}/removePassword',
    permission: 'application.update',
    target: loadApplication,
    handler: (ctx, env, app) => {
      const keyId = bodyObject(ctx).keyId;
      if (typeof keyId !== 'string' || keyId === '') throw valueRequired('keyId', 'PasswordCredential');
      if (!env.dir.removeApplicationPassword(app!.id, keyId)) {
        throw badRequest(`No password credential found with keyId '${keyId}'.`);
      }
      return { status: 204 };
    },
  },
  {
    id: 'applications.ListOwners',
    method: 'GET',
    path: '/applications/{id}/owners',
    permission: 'directory.read',
    target: loadApplication,
    handler: (_ctx, env, app) => ownersReply(env, (app as ApplicationRecord)._owners),
  },
];
