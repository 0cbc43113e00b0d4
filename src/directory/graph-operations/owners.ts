/**
 * `…/owners` of applications and service principals: a `directoryObjects` collection with `@odata.type`.
 */
import type { Reply } from '../../http/operation.js';
import { fullView, defaultView } from '../graph-shapes.js';
import { objectType } from '../directory-records.js';
import type { GraphEnv } from '../graph-route.js';
import { withODataType } from './replies.js';

export function ownersReply(env: GraphEnv, owners: readonly string[]): Reply {
  const value = owners.flatMap((id) => {
    const o = env.dir.getObject(id);
    return o ? [withODataType(o, defaultView(fullView(o, env.shapes), objectType(o)))] : [];
  });
  return { status: 200, body: { '@odata.context': env.context('directoryObjects'), value } };
}
