/** An Azure ML workspace (REST 2024-04-01) as `az ml workspace show` prints it. */
import { identityOut, obj } from './ml-wire.js';

export function workspaceShape(raw: unknown): Record<string, unknown> {
  const r = obj(raw);
  const p = obj(r.properties);
  const ident = obj(r.identity);
  const out: Record<string, unknown> = {
    application_insights: p.applicationInsights ?? undefined,
    container_registry: p.containerRegistry ?? undefined,
    description: p.description ?? undefined,
    discovery_url: p.discoveryUrl ?? undefined,
    display_name: p.friendlyName ?? undefined,
    enable_data_isolation: p.enableDataIsolation ?? false,
    hbi_workspace: p.hbiWorkspace ?? false,
    id: r.id,
    identity: identityOut(r.identity),
    // The flat identity fields the Azure ML docs query (`--query identityPrincipalId`), beside identity.principal_id.
    identityPrincipalId: ident.principalId ?? undefined,
    identityTenantId: ident.tenantId ?? undefined,
    identityType: ident.type ?? undefined,
    key_vault: p.keyVault ?? undefined,
    location: r.location,
    managed_network: { isolation_mode: 'disabled', outbound_rules: [] },
    mlflow_tracking_uri: p.mlFlowTrackingUri ?? undefined,
    name: r.name,
    public_network_access: p.publicNetworkAccess ?? 'Enabled',
    serverless_compute: { no_public_ip: false },
    storage_account: p.storageAccount ?? undefined,
    tags: r.tags ?? {},
    workspace_id: p.workspaceId ?? undefined,
  };
  if (p.primaryUserAssignedIdentity) out.primary_user_assigned_identity = p.primaryUserAssignedIdentity;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
