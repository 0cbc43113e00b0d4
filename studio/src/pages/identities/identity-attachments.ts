/**
 * Where a user-assigned identity is attached: workspaces, online endpoints and compute instances of the
 * subscription whose `identity.userAssignedIdentities` names it (ids compared case-insensitively).
 */
import { API, armList, parseId, type ArmResource } from '../../api/arm.js';
import { subscriptionScope } from '../../api/config.js';

export interface Attachment {
  id: string;
  kind: 'Workspace' | 'Online endpoint' | 'Compute instance';
  name: string;
  group: string;
  workspace: string;
  href: string;
}

export interface AttachmentScan {
  items: Attachment[];
  /** Collections that could not be read (e.g. 403), with the error. */
  failures: Array<{ what: string; error: unknown }>;
  workspaces: number;
}

const enc = encodeURIComponent;

function names(r: ArmResource, identityId: string): boolean {
  const want = identityId.toLowerCase();
  return Object.keys(r.identity?.userAssignedIdentities ?? {}).some((k) => k.toLowerCase() === want);
}

export async function findAttachments(identityId: string, signal?: AbortSignal): Promise<AttachmentScan> {
  const workspaces = await armList<ArmResource>(`${subscriptionScope()}/providers/Microsoft.MachineLearningServices/workspaces`, API.ml, signal);
  const items: Attachment[] = [];
  const failures: AttachmentScan['failures'] = [];
  const safe = async (what: string, p: Promise<ArmResource[]>): Promise<ArmResource[]> => {
    try {
      return await p;
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw error;
      failures.push({ what, error });
      return [];
    }
  };
  await Promise.all(
    workspaces.map(async (w) => {
      const g = parseId(w.id).resourceGroup;
      const wsHref = `/workspaces/${enc(g)}/${enc(w.name)}`;
      if (names(w, identityId)) items.push({ id: w.id, kind: 'Workspace', name: w.name, group: g, workspace: w.name, href: wsHref });
      const [endpoints, computes] = await Promise.all([
        safe(`Online endpoints of ${w.name}`, armList<ArmResource>(`${w.id}/onlineEndpoints`, API.ml, signal)),
        safe(`Computes of ${w.name}`, armList<ArmResource>(`${w.id}/computes`, API.ml, signal)),
      ]);
      for (const e of endpoints.filter((r) => names(r, identityId))) {
        items.push({ id: e.id, kind: 'Online endpoint', name: e.name, group: g, workspace: w.name, href: `/endpoints/${enc(g)}/${enc(w.name)}/${enc(e.name)}` });
      }
      for (const c of computes.filter((r) => names(r, identityId))) {
        items.push({ id: c.id, kind: 'Compute instance', name: c.name, group: g, workspace: w.name, href: `/compute/${enc(g)}/${enc(w.name)}/${enc(c.name)}` });
      }
    }),
  );
  return { items, failures, workspaces: workspaces.length };
}
