/** Resolving `--assignee` through Microsoft Graph, and display names of principals (az's role module). */
import { isGuid } from '../../../shared/ids.js';
import { CliError, ServiceError } from '../../errors.js';
import type { GraphClient } from '../../http/graph-client.js';

export interface ResolvedAssignee {
  objectId: string;
  principalType?: 'User' | 'ServicePrincipal' | 'Group';
}

type GraphObject = Record<string, unknown>;

const ODATA_TYPES: Record<string, ResolvedAssignee['principalType']> = {
  '#microsoft.graph.user': 'User',
  '#microsoft.graph.serviceprincipal': 'ServicePrincipal',
  '#microsoft.graph.group': 'Group',
};

export async function getObjectStubs(graph: GraphClient, ids: string[]): Promise<GraphObject[]> {
  const out: GraphObject[] = [];
  for (let i = 0; i < ids.length; i += 1000) {
    const res = (await graph.send('POST', '/directoryObjects/getByIds', {
      ids: ids.slice(i, i + 1000),
      types: ['user', 'group', 'servicePrincipal', 'directoryObjectPartnerReference'],
    })) as { value?: GraphObject[] };
    out.push(...(res?.value ?? []));
  }
  return out;
}

export function displayableName(o: GraphObject): string {
  if (typeof o.userPrincipalName === 'string' && o.userPrincipalName) return o.userPrincipalName;
  const spns = o.servicePrincipalNames;
  if (Array.isArray(spns) && spns.length > 0) return String(spns[0]);
  return typeof o.displayName === 'string' ? o.displayName : '';
}

export async function resolveAssignee(
  graph: GraphClient,
  assignee: string,
  fallbackToObjectId: boolean,
  warn: (m: string) => void,
): Promise<ResolvedAssignee> {
  try {
    if (assignee.includes('@')) {
      const users = await graph.list('/users', { $filter: `userPrincipalName eq '${assignee}'` });
      if (users.length > 0) return { objectId: String(users[0].id), principalType: 'User' };
    }
    const sps = await graph.list('/servicePrincipals', { $filter: `servicePrincipalNames/any(c:c eq '${assignee}')` });
    if (sps.length > 0) return { objectId: String(sps[0].id), principalType: 'ServicePrincipal' };
    if (isGuid(assignee)) {
      const stubs = await getObjectStubs(graph, [assignee]);
      if (stubs.length > 0) {
        const t = String(stubs[0]['@odata.type'] ?? '').toLowerCase();
        return { objectId: String(stubs[0].id), principalType: ODATA_TYPES[t] };
      }
    }
    throw new CliError(
      `Cannot find user or service principal in graph database for '${assignee}'. If the assignee is an appId, make sure the corresponding service principal is created with 'az ad sp create --id ${assignee}'.`,
    );
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    warn(
      `Failed to query ${assignee} by invoking Graph API. If you don't have permission to query Graph API, please specify --assignee-object-id and --assignee-principal-type.`,
    );
    if (fallbackToObjectId && isGuid(assignee)) {
      warn(`Assuming ${assignee} as an object ID.`);
      return { objectId: assignee };
    }
    throw e;
  }
}
