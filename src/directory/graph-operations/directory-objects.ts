/**
 * `/directoryObjects/getByIds` (what az uses to name role-assignment principals) and `/directoryObjects/{id}`.
 */
import type { DirectoryObject } from '../types.js';
import { badRequest, resourceNotFound, valueRequired } from '../graph-errors.js';
import { defaultView, fullView } from '../graph-shapes.js';
import { objectType } from '../directory-records.js';
import { bodyObject, type GraphEnv, type GraphRoute } from '../graph-route.js';
import { withODataType } from './replies.js';

const MAX_IDS = 1000;

function view(o: DirectoryObject, env: GraphEnv) {
  return withODataType(o, defaultView(fullView(o, env.shapes), objectType(o)));
}

export const directoryObjectRoutes: GraphRoute[] = [
  {
    id: 'directoryObjects.directoryObject.getByIds',
    method: 'POST',
    path: '/directoryObjects/getByIds',
    permission: 'directory.read',
    handler: (ctx, env) => {
      const body = bodyObject(ctx);
      const ids = body.ids;
      if (!Array.isArray(ids) || ids.length === 0) throw valueRequired('ids', 'DirectoryObjectGetByIds');
      if (ids.length > MAX_IDS) throw badRequest(`The number of ids exceeds the maximum of ${MAX_IDS}.`);
      if (!ids.every((x) => typeof x === 'string')) throw badRequest("Invalid value specified for property 'ids'.");
      const types = Array.isArray(body.types) ? new Set(body.types.map((t) => String(t).toLowerCase())) : undefined;
      const seen = new Set<string>();
      const value = [];
      for (const id of ids as string[]) {
        const o = env.dir.getObject(id);
        if (!o || seen.has(o.id)) continue;
        if (types && !types.has(objectType(o).toLowerCase())) continue;
        seen.add(o.id);
        value.push(view(o, env));
      }
      return { status: 200, body: { '@odata.context': env.context('directoryObjects'), value } };
    },
  },
  {
    id: 'directoryObjects.directoryObject.GetDirectoryObject',
    method: 'GET',
    path: '/directoryObjects/{id}',
    permission: 'directory.read',
    handler: (ctx, env) => {
      const o = env.dir.getObject(ctx.params.id);
      if (!o) throw resourceNotFound(ctx.params.id);
      return { status: 200, body: { '@odata.context': env.context('directoryObjects/$entity'), ...view(o, env) } };
    },
  },
];
