/** Compute instances over ARM (Microsoft.MachineLearningServices, 2024-04-01): paths, shapes, listings. */
import { API, armList, parseId, type ArmResource } from '../../api/arm.js';
import { subscriptionScope } from '../../api/config.js';

const CA = 'Microsoft.MachineLearningServices/workspaces/computes';

/** The RBAC actions the compute pages check before enabling a control. */
export const COMPUTE_ACTIONS = {
  write: `${CA}/write`,
  start: `${CA}/start/action`,
  stop: `${CA}/stop/action`,
  restart: `${CA}/restart/action`,
  delete: `${CA}/delete`,
} as const;

export interface ComputeInner {
  vmSize?: string;
  state?: string;
  applicationSharingPolicy?: string;
  sshSettings?: { sshPublicAccess?: string; adminUserName?: string; sshPort?: number };
  enableNodePublicIp?: boolean;
  lastOperation?: { operationName?: string; operationTime?: string; operationStatus?: string; operationTrigger?: string };
  connectivityEndpoints?: { publicIpAddress?: string; privateIpAddress?: string };
  osImageMetadata?: { currentImageVersion?: string };
  personalComputeInstanceSettings?: { assignedUser?: { objectId?: string; tenantId?: string } };
}

export interface ComputeProperties {
  computeType?: string;
  computeLocation?: string;
  description?: string;
  provisioningState?: string;
  createdOn?: string;
  modifiedOn?: string;
  properties?: ComputeInner;
}

export type Compute = ArmResource<ComputeProperties>;

export interface Workspace {
  id: string;
  name: string;
  location?: string;
}

const enc = encodeURIComponent;

export const workspacePath = (group: string, workspace: string): string =>
  `${subscriptionScope()}/resourceGroups/${enc(group)}/providers/Microsoft.MachineLearningServices/workspaces/${enc(workspace)}`;

export const computePath = (group: string, workspace: string, name: string): string => `${workspacePath(group, workspace)}/computes/${enc(name)}`;

/** Studio paths. */
export const computeListHref = (group: string, workspace: string): string => `/compute/${enc(group)}/${enc(workspace)}`;
export const computeHref = (group: string, workspace: string, name: string): string => `${computeListHref(group, workspace)}/${enc(name)}`;

/** States in which the instance is changing (the detail page polls while it shows one). */
export function isTransitional(state: string | undefined): boolean {
  return /^(creating|starting|stopping|restarting|deleting|settingup|usersettingup)$/i.test(state ?? '');
}

export interface ComputeRow {
  id: string;
  name: string;
  group: string;
  workspace: string;
  type: string;
  size: string;
  state: string;
  identityType: string;
  created: string;
}

export function computeRow(c: Compute): ComputeRow {
  const parts = parseId(c.id).parts;
  const wsAt = parts.findIndex((p) => p.toLowerCase() === 'workspaces');
  return {
    id: c.id,
    name: c.name,
    group: parseId(c.id).resourceGroup,
    workspace: wsAt >= 0 ? (parts[wsAt + 1] ?? '') : '',
    type: c.properties.computeType ?? '',
    size: c.properties.properties?.vmSize ?? '',
    state: c.properties.properties?.state ?? c.properties.provisioningState ?? '',
    identityType: c.identity?.type ?? 'None',
    created: c.properties.createdOn ?? c.systemData?.createdAt ?? '',
  };
}

export function listWorkspaces(signal?: AbortSignal): Promise<Workspace[]> {
  return armList<Workspace>(`${subscriptionScope()}/providers/Microsoft.MachineLearningServices/workspaces`, API.ml, signal);
}

export function listComputes(group: string, workspace: string, signal?: AbortSignal): Promise<Compute[]> {
  return armList<Compute>(`${workspacePath(group, workspace)}/computes`, API.ml, signal);
}

export interface Failure {
  workspace: string;
  error: unknown;
}

/** Every compute of every workspace the user can see; workspaces whose computes cannot be listed are reported. */
export async function listAllComputes(signal?: AbortSignal): Promise<{ rows: ComputeRow[]; failures: Failure[]; workspaces: Workspace[] }> {
  const workspaces = await listWorkspaces(signal);
  const failures: Failure[] = [];
  const lists = await Promise.all(
    workspaces.map((w) => {
      const g = parseId(w.id).resourceGroup;
      return listComputes(g, w.name, signal).catch((error: unknown) => {
        if ((error as Error).name === 'AbortError') throw error;
        failures.push({ workspace: `${g}/${w.name}`, error });
        return [] as Compute[];
      });
    }),
  );
  return { rows: lists.flat().map(computeRow), failures, workspaces };
}
