/** Online endpoints: az ml's YAML spec → REST body (2024-04-01), and REST → what `az ml online-endpoint show` prints. */
import type { OnlineEndpointYaml } from '../../ml-yaml/endpoint-schema.js';
import { identityOut, obj, pascalEnum, snakeEnum } from './ml-wire.js';

export function endpointShape(raw: unknown): Record<string, unknown> {
  const r = obj(raw);
  const p = obj(r.properties);
  const out: Record<string, unknown> = {
    auth_mode: snakeEnum(p.authMode ?? 'Key'),
    id: r.id,
    identity: identityOut(r.identity),
    kind: r.kind ?? 'Managed',
    location: r.location,
    mirror_traffic: p.mirrorTraffic ?? {},
    name: r.name,
    openapi_uri: p.swaggerUri ?? null,
    properties: p.properties ?? {},
    provisioning_state: p.provisioningState ?? null,
    public_network_access: snakeEnum(p.publicNetworkAccess ?? 'Enabled'),
    scoring_uri: p.scoringUri ?? null,
    tags: r.tags ?? {},
    traffic: p.traffic ?? {},
  };
  if (p.description) out.description = p.description;
  if (out.identity === undefined) delete out.identity;
  return out;
}

export function identityBody(identity: OnlineEndpointYaml['identity']): Record<string, unknown> {
  if (!identity) return { type: 'SystemAssigned' };
  const type = pascalEnum(identity.type);
  if (type === 'UserAssigned') {
    return { type, userAssignedIdentities: Object.fromEntries((identity.user_assigned_identities ?? []).map((u) => [u.resource_id, {}])) };
  }
  return { type };
}

/** The PUT body of an endpoint create (traffic is only set by updates, as az ml does). */
export function endpointCreateBody(spec: OnlineEndpointYaml, location: string): Record<string, unknown> {
  const properties: Record<string, unknown> = { authMode: pascalEnum(spec.auth_mode ?? 'key') };
  if (spec.description !== undefined) properties.description = spec.description;
  if (spec.properties) properties.properties = spec.properties;
  if (spec.public_network_access) properties.publicNetworkAccess = pascalEnum(spec.public_network_access);
  if (spec.traffic) properties.traffic = spec.traffic;
  if (spec.mirror_traffic) properties.mirrorTraffic = spec.mirror_traffic;
  return { location, kind: 'Managed', identity: identityBody(spec.identity), tags: spec.tags ?? {}, properties };
}

/** Merges an existing endpoint (REST) with updates, for the PUT az ml sends on update. */
export function endpointUpdateBody(existing: unknown, changes: { traffic?: Record<string, number>; mirrorTraffic?: Record<string, number>; description?: string; tags?: Record<string, string>; authMode?: string }): Record<string, unknown> {
  const r = obj(existing);
  const p = obj(r.properties);
  const properties: Record<string, unknown> = {
    authMode: changes.authMode ?? p.authMode ?? 'Key',
    description: changes.description ?? p.description,
    properties: p.properties ?? {},
    traffic: changes.traffic ?? p.traffic ?? {},
    mirrorTraffic: changes.mirrorTraffic ?? p.mirrorTraffic ?? {},
    publicNetworkAccess: p.publicNetworkAccess ?? 'Enabled',
  };
  if (properties.description === undefined || properties.description === null) delete properties.description;
  const body: Record<string, unknown> = { location: r.location, kind: r.kind ?? 'Managed', tags: changes.tags ?? r.tags ?? {}, properties };
  const identity = obj(r.identity);
  if (identity.type) {
    body.identity = { type: identity.type, ...(identity.userAssignedIdentities ? { userAssignedIdentities: Object.fromEntries(Object.keys(obj(identity.userAssignedIdentities)).map((k) => [k, {}])) } : {}) };
  }
  return body;
}
