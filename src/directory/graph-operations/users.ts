/**
 * `/users` and `/me`: list, create (Global Administrators), get by object id or UPN, update, delete.
 */
import { ApiError } from '../../shared/errors.js';
import type { RequestContext } from '../../http/operation.js';
import type { UserRecord } from '../types.js';
import { badRequest, resourceNotFound, valueRequired } from '../graph-errors.js';
import { checkBody, USER_SCHEMA } from '../graph-body.js';
import { bodyObject, type GraphEnv, type GraphRoute } from '../graph-route.js';
import { entityReply, listReply, singleReply } from './replies.js';

function loadUser(ctx: RequestContext, env: GraphEnv): UserRecord {
  const id = ctx.params.id;
  const user = env.dir.getUser(id);
  if (!user) throw resourceNotFound(id);
  return user;
}

/** Entra's rule: 8–256 characters with at least three of lower case, upper case, digits and symbols. */
export function passwordMeetsComplexity(password: string): boolean {
  if (password.length < 8 || password.length > 256) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((r) => r.test(password)).length;
  return classes >= 3;
}

function checkPassword(profile: unknown): string {
  const password = (profile as { password?: unknown }).password;
  if (typeof password !== 'string' || password === '') throw valueRequired('passwordProfile.password', 'User');
  if (!passwordMeetsComplexity(password)) {
    throw badRequest('The specified password does not comply with password complexity requirements. Please provide a different password.');
  }
  return password;
}

function checkUpnDomain(upn: string, env: GraphEnv): void {
  const at = upn.lastIndexOf('@');
  if (at <= 0 || upn.slice(at + 1).toLowerCase() !== env.domain.toLowerCase()) {
    throw badRequest(
      'The domain portion of the userPrincipalName property is invalid. You must use one of the verified domain names in your organization.',
      [{ code: 'InvalidValue', target: 'userPrincipalName' }],
    );
  }
}

export const userRoutes: GraphRoute[] = [
  {
    id: 'users.user.ListUser',
    method: 'GET',
    path: '/users',
    permission: 'directory.read',
    handler: (ctx, env) => listReply(ctx, env, 'user', 'users'),
  },
  {
    id: 'users.user.CreateUser',
    method: 'POST',
    path: '/users',
    permission: 'user.create',
    handler: (ctx, env) => {
      const body = checkBody(bodyObject(ctx), USER_SCHEMA);
      for (const p of ['accountEnabled', 'displayName', 'mailNickname', 'passwordProfile', 'userPrincipalName']) {
        if (body[p] === undefined) throw valueRequired(p, 'User');
      }
      const password = checkPassword(body.passwordProfile);
      const upn = body.userPrincipalName as string;
      checkUpnDomain(upn, env);
      const { accountEnabled, displayName, mailNickname, passwordProfile: _p, userPrincipalName: _u, ...rest } = body;
      const created = env.dir.createUser({
        displayName: displayName as string,
        userPrincipalName: upn,
        mailNickname: mailNickname as string,
        accountEnabled: accountEnabled as boolean,
        password,
      });
      const user = Object.keys(rest).length ? env.dir.updateUser(created.id, rest) : created;
      return entityReply(env, user, 'users', undefined, 201);
    },
  },
  {
    id: 'me.user.GetUser',
    method: 'GET',
    path: '/me',
    permission: 'directory.read',
    handler: (ctx, env) => {
      if (env.caller.kind !== 'user') {
        throw new ApiError(400, 'BadRequest', '/me request is only valid with delegated authentication flow.');
      }
      const me = env.dir.getUser(env.principal.objectId);
      if (!me) throw resourceNotFound(env.principal.objectId);
      return singleReply(ctx, env, me, 'users');
    },
  },
  {
    id: 'users.user.GetUser',
    method: 'GET',
    path: '/users/{id}',
    permission: 'directory.read',
    target: loadUser,
    handler: (ctx, env, user) => singleReply(ctx, env, user!, 'users'),
  },
  {
    id: 'users.user.UpdateUser',
    method: 'PATCH',
    path: '/users/{id}',
    permission: 'user.update',
    target: loadUser,
    handler: (ctx, env, target) => {
      const body = checkBody(bodyObject(ctx), USER_SCHEMA);
      const { passwordProfile, ...changes } = body;
      const password = passwordProfile === undefined ? undefined : checkPassword(passwordProfile);
      if (typeof changes.userPrincipalName === 'string') checkUpnDomain(changes.userPrincipalName, env);
      if (changes.displayName === '') throw valueRequired('displayName', 'User');
      env.dir.updateUser(target!.id, changes, password);
      return { status: 204 };
    },
  },
  {
    id: 'users.user.DeleteUser',
    method: 'DELETE',
    path: '/users/{id}',
    permission: 'user.delete',
    target: loadUser,
    handler: (_ctx, env, target) => {
      env.dir.deleteObject(target!.id);
      return { status: 204 };
    },
  },
];
