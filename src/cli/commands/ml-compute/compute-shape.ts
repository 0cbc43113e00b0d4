/** Compute instances: az ml's spec → REST body (2024-04-01), and REST → what `az ml compute show` prints. */
import { identityOut, obj } from '../ml/ml-wire.js';
import type { ComputeInstanceYaml } from './compute-schema.js';

function resourceGroupOf(id: unknown): string | null {
  const m = /\/resourceGroups\/([^/]+)/i.exec(String(id ?? ''));
  return m ? m[1] : null;
}

function snakeKeys(v: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) out[k.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase()] = val;
  return out;
}

export function computeShape(raw: unknown): Record<string, unknown> {
  const r = obj(raw);
  const p = obj(r.properties);
  const inner = obj(p.properties);
  const ssh = obj(inner.sshSettings);
  const endpoints = obj(inner.connectivityEndpoints);
  const out: Record<string, unknown> = {
    created_on: p.createdOn ?? null,
    enable_node_public_ip: inner.enableNodePublicIp ?? true,
    enable_os_patching: false,
    enable_root_access: true,
    enable_sso: true,
    id: r.id,
    identity: identityOut(r.identity),
    last_operation: inner.lastOperation ? snakeKeys(obj(inner.lastOperation)) : null,
    location: r.location,
    name: r.name,
    network_settings: { private_ip_address: endpoints.privateIpAddress ?? null, public_ip_address: endpoints.publicIpAddress ?? null },
    os_image_metadata: inner.osImageMetadata ? snakeKeys(obj(inner.osImageMetadata)) : null,
    provisioning_state: p.provisioningState ?? null,
    release_quota_on_stop: false,
    resourceGroup: resourceGroupOf(r.id),
    services: [],
    size: inner.vmSize ?? null,
    ssh_public_access_enabled: String(ssh.sshPublicAccess ?? 'Disabled') === 'Enabled',
    ssh_settings: { admin_username: ssh.adminUserName ?? 'azureuser', ssh_port: ssh.sshPort !== undefined ? String(ssh.sshPort) : null },
    state: inner.state ?? null,
    tags: r.tags ?? {},
    type: String(p.computeType ?? 'ComputeInstance').toLowerCase(),
  };
  if (p.description) out.description = p.description;
  if (out.identity === undefined) delete out.identity;
  const personal = obj(obj(inner.personalComputeInstanceSettings).assignedUser);
  if (personal.objectId) out.create_on_behalf_of = { user_object_id: personal.objectId, user_tenant_id: personal.tenantId ?? null };
  return out;
}

export function computeIdentityBody(identity: ComputeInstanceYaml['identity']): Record<string, unknown> | undefined {
  if (!identity) return undefined;
  if (identity.type === 'UserAssigned') {
    return { type: identity.type, userAssignedIdentities: Object.fromEntries((identity.user_assigned_identities ?? []).map((u) => [u.resource_id, {}])) };
  }
  return { type: identity.type };
}

/** The PUT body az ml sends for a compute instance. */
export function computeCreateBody(spec: ComputeInstanceYaml, location: string): Record<string, unknown> {
  const inner: Record<string, unknown> = {
    vmSize: spec.size ?? 'STANDARD_DS3_V2',
    sshSettings: { sshPublicAccess: spec.ssh_public_access_enabled ? 'Enabled' : 'Disabled', ...(spec.ssh_settings?.ssh_key_value ? { adminPublicKey: spec.ssh_settings.ssh_key_value } : {}) },
    enableNodePublicIp: spec.enable_node_public_ip ?? true,
  };
  if (spec.create_on_behalf_of) {
    inner.personalComputeInstanceSettings = { assignedUser: { objectId: spec.create_on_behalf_of.user_object_id, tenantId: spec.create_on_behalf_of.user_tenant_id } };
  }
  const properties: Record<string, unknown> = { computeType: 'ComputeInstance', properties: inner };
  if (spec.description !== undefined) properties.description = spec.description;
  const body: Record<string, unknown> = { location: spec.location ?? location, tags: spec.tags ?? {}, properties };
  const identity = computeIdentityBody(spec.identity);
  if (identity) body.identity = identity;
  return body;
}
