/**
 * Response bodies shared by Graph operations: entities with `@odata.context`, collections with `$filter`,
 * `$select`, paging (`@odata.nextLink`) and `$count`.
 */
import type { Reply, RequestContext } from '../../http/operation.js';
import type { DirectoryObject } from '../types.js';
import {
  newApplicationRecord,
  newManagedIdentityPrincipal,
  newUserRecord,
  objectType,
  type ObjectType,
} from '../directory-records.js';
import { fullView, project, type GraphObject } from '../graph-shapes.js';
import { encodeSkipToken, parseListQuery, parseSelect, runListQuery } from '../graph-query.js';
import type { GraphEnv } from '../graph-route.js';

const known = new Map<ObjectType, ReadonlySet<string>>();

/** Property names Graph knows on a type (what `$filter`, `$select` and `$orderby` may name). */
export function knownProperties(type: ObjectType): ReadonlySet<string> {
  let set = known.get(type);
  if (!set) {
    const now = '2000-01-01T00:00:00Z';
    const sample: DirectoryObject =
      type === 'user'
        ? newUserRecord({ id: '', displayName: '', userPrincipalName: '', mailNickname: '', accountEnabled: true, globalAdmin: false, passwordHash: '', passwordSalt: '', now })
        : type === 'application'
          ? newApplicationRecord({ id: '', appId: '', displayName: '', owners: [], now })
          : newManagedIdentityPrincipal({ id: '', clientId: '', displayName: '', resourceId: '', now });
    const keys = Object.keys(fullView(sample, { domain: '', applicationOf: () => undefined }));
    set = new Set(keys.map((k) => k.toLowerCase()));
    known.set(type, set);
  }
  return set;
}

function contextFragment(setName: string, select: readonly string[] | undefined): string {
  return select ? `${setName}(${select.join(',')})` : setName;
}

export function entityReply(env: GraphEnv, o: DirectoryObject, setName: string, select: string[] | undefined, status = 200): Reply {
  const view = project(fullView(o, env.shapes), objectType(o), select);
  return { status, body: { '@odata.context': env.context(`${contextFragment(setName, select)}/$entity`), ...view } };
}

/** GET of one object, honouring `$select`. */
export function singleReply(ctx: RequestContext, env: GraphEnv, o: DirectoryObject, setName: string): Reply {
  const type = objectType(o);
  const select = parseSelect(ctx.query, type, knownProperties(type));
  return entityReply(env, o, setName, select);
}

export function withODataType(o: DirectoryObject, view: GraphObject): GraphObject {
  return { '@odata.type': o['@odata.type'], ...view };
}

export function listReply(ctx: RequestContext, env: GraphEnv, type: ObjectType, setName: string): Reply {
  const q = parseListQuery(ctx.query, type, knownProperties(type));
  const views = env.dir.listObjects(type).map((o) => fullView(o, env.shapes));
  const result = runListQuery(views, q);
  const body: GraphObject = { '@odata.context': env.context(contextFragment(setName, q.select)) };
  if (q.count) body['@odata.count'] = result.total;
  if (result.nextOffset !== undefined) {
    const next = new URL(ctx.url.pathname, ctx.origin);
    for (const [k, v] of ctx.query) if (k !== '$skiptoken' && k !== 'skiptoken') next.searchParams.append(k, v);
    next.searchParams.set('$skiptoken', encodeSkipToken(result.nextOffset));
    body['@odata.nextLink'] = next.toString();
  }
  body.value = result.page.map((v) => project(v, type, q.select));
  return { status: 200, body };
}
