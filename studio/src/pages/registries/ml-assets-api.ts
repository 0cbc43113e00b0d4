/**
 * Environments and connections of the subscription's Azure ML workspaces (Microsoft.MachineLearningServices,
 * 2024-04-01): `{workspace}/environments[/{name}[/versions[/{version}]]]` and `{workspace}/connections[/{name}]`.
 * Connection secrets are never asked for (no `listsecrets`).
 */
import { API, armGet, armList, parseId, type ArmResource } from '../../api/arm.js';
import { subscriptionScope } from '../../api/config.js';

const NS = 'Microsoft.MachineLearningServices';
const enc = encodeURIComponent;

export type Workspace = ArmResource<{ friendlyName?: string }>;

export const workspacePath = (group: string, workspace: string): string =>
  `${subscriptionScope()}/resourceGroups/${enc(group)}/providers/${NS}/workspaces/${enc(workspace)}`;

export const listWorkspaces = (signal?: AbortSignal): Promise<Workspace[]> =>
  armList<Workspace>(`${subscriptionScope()}/providers/${NS}/workspaces`, API.ml, signal);

/** One workspace that could not be listed (the others still are). */
export interface WorkspaceFailure {
  workspace: string;
  error: unknown;
}

/** Runs `load` for every workspace, a few at a time; failures are collected, not thrown. */
export async function acrossWorkspaces<T>(
  signal: AbortSignal,
  load: (ws: Workspace) => Promise<T[]>,
): Promise<{ rows: T[]; failures: WorkspaceFailure[] }> {
  const workspaces = await listWorkspaces(signal);
  const rows: T[] = [];
  const failures: WorkspaceFailure[] = [];
  let next = 0;
  const worker = async () => {
    while (next < workspaces.length) {
      const ws = workspaces[next++];
      try {
        rows.push(...(await load(ws)));
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        failures.push({ workspace: ws.name, error: e });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, workspaces.length) }, worker));
  return { rows, failures };
}

export interface AssetProps {
  description?: string | null;
  tags?: Record<string, string>;
  isArchived?: boolean;
  latestVersion?: string | null;
  nextVersion?: string | null;
  provisioningState?: string;
}
export type EnvironmentContainer = ArmResource<AssetProps>;

export interface ImageBuild {
  status?: string;
  baseImage?: string;
  image?: string;
  imageDigest?: string;
  startedAt?: string;
  endedAt?: string;
  log?: string[];
  error?: { code: string; message: string };
}

export interface EnvironmentVersionProps {
  description?: string | null;
  image?: string;
  build?: { contextUri?: string; dockerfilePath?: string };
  condaFile?: string;
  osType?: string;
  environmentType?: string;
  provisioningState?: string;
  imageBuild?: ImageBuild;
  imageDetails?: { image?: string; digest?: string };
  inferenceConfig?: Record<string, unknown>;
  isArchived?: boolean;
}
export type EnvironmentVersion = ArmResource<EnvironmentVersionProps>;

export const environmentPath = (group: string, workspace: string, name: string): string => `${workspacePath(group, workspace)}/environments/${enc(name)}`;
export const environmentHref = (group: string, workspace: string, name: string): string => `/environments/${enc(group)}/${enc(workspace)}/${enc(name)}`;

export interface EnvironmentRow {
  id: string;
  name: string;
  group: string;
  workspace: string;
  latestVersion?: string;
  image?: string;
  state?: string;
}

/** Where a version's image comes from: its `image`, else the build context. */
export function imageOf(v: EnvironmentVersionProps | undefined): string | undefined {
  if (!v) return undefined;
  return v.image ?? (v.build?.contextUri ? `build: ${v.build.contextUri}` : undefined);
}

export async function listEnvironments(signal: AbortSignal): Promise<{ rows: EnvironmentRow[]; failures: WorkspaceFailure[] }> {
  return acrossWorkspaces(signal, async (ws) => {
    const group = parseId(ws.id).resourceGroup;
    const containers = await armList<EnvironmentContainer>(`${ws.id}/environments`, API.ml, signal);
    return Promise.all(
      containers.map(async (c) => {
        const latest = c.properties.latestVersion ?? undefined;
        const v = latest ? await armGet<EnvironmentVersion>(`${c.id}/versions/${enc(latest)}`, API.ml, signal).catch(() => undefined) : undefined;
        return {
          id: c.id,
          name: c.name,
          group,
          workspace: ws.name,
          latestVersion: latest,
          image: imageOf(v?.properties),
          state: v?.properties.imageBuild?.status ?? v?.properties.provisioningState,
        };
      }),
    );
  });
}

export const getEnvironment = (group: string, workspace: string, name: string, signal?: AbortSignal): Promise<EnvironmentContainer> =>
  armGet<EnvironmentContainer>(environmentPath(group, workspace, name), API.ml, signal);

export const listEnvironmentVersions = (group: string, workspace: string, name: string, signal?: AbortSignal): Promise<EnvironmentVersion[]> =>
  armList<EnvironmentVersion>(`${environmentPath(group, workspace, name)}/versions`, API.ml, signal);

export interface ConnectionProps {
  category?: string;
  target?: string;
  authType?: string;
  group?: string;
  isSharedToAll?: boolean;
  expiryTime?: string | null;
  metadata?: Record<string, string>;
  /** Non-secret credential fields only (the list and get APIs leave secrets out). */
  credentials?: Record<string, string>;
}
export type Connection = ArmResource<ConnectionProps>;

export const connectionPath = (group: string, workspace: string, name: string): string => `${workspacePath(group, workspace)}/connections/${enc(name)}`;
export const connectionHref = (group: string, workspace: string, name: string): string => `/connections/${enc(group)}/${enc(workspace)}/${enc(name)}`;

export interface ConnectionRow {
  id: string;
  name: string;
  group: string;
  workspace: string;
  category?: string;
  target?: string;
  authType?: string;
}

export async function listConnections(signal: AbortSignal): Promise<{ rows: ConnectionRow[]; failures: WorkspaceFailure[] }> {
  return acrossWorkspaces(signal, async (ws) => {
    const group = parseId(ws.id).resourceGroup;
    const items = await armList<Connection>(`${ws.id}/connections`, API.ml, signal);
    return items.map((c) => ({ id: c.id, name: c.name, group, workspace: ws.name, category: c.properties.category, target: c.properties.target, authType: c.properties.authType }));
  });
}

export const getConnection = (group: string, workspace: string, name: string, signal?: AbortSignal): Promise<Connection> =>
  armGet<Connection>(connectionPath(group, workspace, name), API.ml, signal);

/** Credential fields whose names suggest a secret are never rendered, whatever a server returns. */
export function isSecretField(name: string): boolean {
  return /secret|password|key|token|pat|sas|credential/i.test(name) && !/^(clientId|resourceId|username|tenantId|keyName)$/i.test(name);
}
