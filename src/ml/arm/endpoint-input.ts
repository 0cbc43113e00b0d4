/** Online endpoint request validation (name, auth mode, identity, traffic) and its JSON shape (2024-04-01). */
import type { PlatformContext } from '../../platform/context.js';
import { canonicalId } from '../../arm/resource-store.js';
import { parseIdentityType, userAssignedIdentityIds } from '../../managed-identity/system-assigned.js';
import { T } from './ml-constants.js';
import { mlErrors } from './ml-errors.js';
import { isObject, type Json } from './ml-request.js';
import { listDeployments, type EndpointAuthMode, type EndpointRecord } from './ml-records.js';

export const ENDPOINT_NAME_RULE = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
export const AUTH_MODES: readonly EndpointAuthMode[] = ['Key', 'AMLToken', 'AADToken'];

export function validateEndpointName(name: string): void {
  if (name.length < 3 || name.length > 32 || !ENDPOINT_NAME_RULE.test(name)) {
    throw mlErrors.user(
      `Endpoint name '${name}' is invalid. An endpoint name must be 3-32 characters long, start with a letter, ` +
        "contain only letters, digits and '-', and end with a letter or digit (regex ^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$).",
    );
  }
}

/** `identity` of an endpoint request: SystemAssigned (default), exactly one UserAssigned identity, or None. */
export function validateEndpointIdentity(requested: unknown): void {
  if (requested === undefined || requested === null) return;
  if (!isObject(requested)) throw mlErrors.invalidBody('identity must be an object');
  const flags = parseIdentityType(requested.type);
  if (flags.system && flags.user) {
    throw mlErrors.user("An online endpoint has either a system-assigned identity or one user-assigned identity, not both ('SystemAssigned,UserAssigned' is not supported).");
  }
  if (flags.user && userAssignedIdentityIds(requested).length !== 1) {
    throw mlErrors.user('Only 1 user assigned identity is currently supported for an online endpoint.');
  }
}

/** True when a request's `identity` asks for something other than what the endpoint has (identity is immutable). */
export function identityChanged(requested: unknown, ep: EndpointRecord): boolean {
  if (requested === undefined || requested === null || !isObject(requested)) return false;
  const want = parseIdentityType(requested.type);
  const have = parseIdentityType(ep.identity?.type ?? 'None');
  if (want.system !== have.system || want.user !== have.user) return true;
  const a = userAssignedIdentityIds(requested).map((i) => canonicalId(i).toLowerCase()).sort();
  const b = Object.keys(ep.identity?.userAssignedIdentities ?? {}).map((i) => canonicalId(i).toLowerCase()).sort();
  return JSON.stringify(a) !== JSON.stringify(b);
}

function percentMap(input: unknown, field: string): Record<string, number> {
  if (input === undefined || input === null) return {};
  if (!isObject(input)) throw mlErrors.invalidBody(`${field} must be an object`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(input)) {
    const n = typeof v === 'string' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 100) {
      throw mlErrors.user(`The ${field} value for deployment '${k}' must be an integer between 0 and 100.`);
    }
    out[k] = n;
  }
  return out;
}

/** Validates `traffic` / `mirrorTraffic` against the endpoint's deployments; returns them with the deployments' casing. */
export function validateTraffic(
  ctx: PlatformContext,
  endpointId: string,
  endpointName: string,
  trafficIn: unknown,
  mirrorIn: unknown,
): { traffic: Record<string, number>; mirrorTraffic: Record<string, number> } {
  const traffic = percentMap(trafficIn, 'traffic');
  const mirrorTraffic = percentMap(mirrorIn, 'mirrorTraffic');
  const names = new Map(listDeployments(ctx, endpointId).map((d) => [d.name.toLowerCase(), d.name]));
  const missing = [...Object.keys(traffic), ...Object.keys(mirrorTraffic)].filter((k) => !names.has(k.toLowerCase()));
  if (missing.length > 0) {
    throw mlErrors.user(`Deployment(s) '${[...new Set(missing)].join("', '")}' referenced in the traffic of endpoint '${endpointName}' do not exist. Create the deployment first.`);
  }
  const sum = Object.values(traffic).reduce((a, b) => a + b, 0);
  if (sum !== 0 && sum !== 100) {
    throw mlErrors.user(`The traffic of endpoint '${endpointName}' must add up to 0 or 100 percent; the values given add up to ${sum}.`);
  }
  const mirrorSum = Object.values(mirrorTraffic).reduce((a, b) => a + b, 0);
  if (mirrorSum > 50) throw mlErrors.user(`The mirror traffic of endpoint '${endpointName}' may add up to at most 50 percent; the values given add up to ${mirrorSum}.`);
  const recase = (m: Record<string, number>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [names.get(k.toLowerCase()) ?? k, v]));
  return { traffic: recase(traffic), mirrorTraffic: recase(mirrorTraffic) };
}

/** Azure's JSON for an endpoint; `state` overrides the stored provisioningState (a PUT answers `Creating`). */
export function endpointWire(ep: EndpointRecord, state?: string): Json {
  const p = ep.properties;
  const out: Json = {
    id: ep.id,
    name: ep.name,
    type: T.endpoint,
    location: ep.location,
    tags: ep.tags ?? {},
    kind: ep.kind ?? 'Managed',
    properties: {
      description: p.description ?? null,
      authMode: p.authMode,
      properties: p.properties,
      scoringUri: p.scoringUri,
      swaggerUri: p.swaggerUri,
      traffic: p.traffic,
      mirrorTraffic: p.mirrorTraffic,
      publicNetworkAccess: p.publicNetworkAccess,
      provisioningState: state ?? p.provisioningState,
      keys: null,
      ...(p.compute ? { compute: p.compute } : {}),
    },
  };
  if (ep.identity) out.identity = ep.identity;
  if (ep.systemData) out.systemData = ep.systemData;
  return out;
}
