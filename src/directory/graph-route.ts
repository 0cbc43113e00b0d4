/**
 * Graph routes are declared as data — id, method, path below the version, the directory permission they need and
 * how to load the object it is checked against — and expanded into pipeline operations for `/v1.0` and `/beta`.
 * The permission check (graph-policy.ts) runs before every handler.
 */
import type { HttpMethod, Operation, Reply, RequestContext } from '../http/operation.js';
import type { Principal } from '../shared/principal.js';
import type { Clock } from '../shared/clock.js';
import type { IdGenerator } from '../shared/ids.js';
import type { DirectoryObject } from './types.js';
import type { DirectoryStore } from './directory-store.js';
import { decideGraphAccess, type GraphCallerFacts, type GraphPermission } from './graph-policy.js';
import { emptyToken, insufficientPrivileges } from './graph-errors.js';
import type { ShapeContext } from './graph-shapes.js';

export const GRAPH_VERSIONS = ['v1.0', 'beta'] as const;
export type GraphVersion = (typeof GRAPH_VERSIONS)[number];

export interface GraphDeps {
  dir: DirectoryStore;
  tenantId: string;
  domain: string;
  tenantDisplayName: string;
  clock: Clock;
  ids: IdGenerator;
}

export interface GraphEnv extends GraphDeps {
  version: GraphVersion;
  principal: Principal;
  caller: GraphCallerFacts;
  shapes: ShapeContext;
  /** `https://graph.microsoft.com/{version}/$metadata#{fragment}` */
  context(fragment: string): string;
}

export interface GraphRoute {
  /** Graph's operation id, e.g. `users.user.GetUser`. */
  id: string;
  method: HttpMethod;
  /** Path below the version segment, e.g. `/users/{id}`. */
  path: string;
  permission: GraphPermission;
  /** Loads the object the permission is checked against; throws Request_ResourceNotFound when missing. */
  target?: (ctx: RequestContext, env: GraphEnv) => DirectoryObject;
  handler: (ctx: RequestContext, env: GraphEnv, target: DirectoryObject | undefined) => Reply | Promise<Reply>;
}

export function callerFacts(principal: Principal, dir: DirectoryStore): GraphCallerFacts {
  const kind = principal.type === 'User' ? 'user' : 'servicePrincipal';
  const globalAdmin = kind === 'user' && dir.getUser(principal.objectId)?._globalAdmin === true;
  return { objectId: principal.objectId, tenantId: principal.tenantId, kind, globalAdmin };
}

function ownersOf(o: DirectoryObject | undefined): string[] | undefined {
  return o && '_owners' in o ? o._owners : undefined;
}

export function buildGraphEnv(ctx: RequestContext, deps: GraphDeps, version: GraphVersion): GraphEnv {
  const principal = ctx.caller.principal;
  if (!principal) throw emptyToken();
  return {
    ...deps,
    version,
    principal,
    caller: callerFacts(principal, deps.dir),
    shapes: { domain: deps.domain, applicationOf: (appId) => deps.dir.getApplicationByAppId(appId) },
    context: (fragment) => `https://graph.microsoft.com/${version}/$metadata#${fragment}`,
  };
}

export function toOperations(routes: readonly GraphRoute[], deps: GraphDeps): Operation[] {
  const ops: Operation[] = [];
  for (const version of GRAPH_VERSIONS) {
    for (const route of routes) {
      ops.push({
        id: route.id,
        method: route.method,
        path: `/${version}${route.path}`,
        auth: 'required',
        handler: async (ctx) => {
          const env = buildGraphEnv(ctx, deps, version);
          const target = route.target?.(ctx, env);
          const decision = decideGraphAccess({
            caller: env.caller,
            tenantId: deps.tenantId,
            permission: route.permission,
            targetOwners: ownersOf(target),
          });
          ctx.state.graphDecision = decision;
          if (!decision.allowed) throw insufficientPrivileges();
          return route.handler(ctx, env, target);
        },
      });
    }
  }
  return ops;
}

/** The JSON body of a request as an object (Graph: 400 when it is not one). */
export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  const b = ctx.body;
  return b !== null && typeof b === 'object' && !Array.isArray(b) ? (b as Record<string, unknown>) : {};
}
