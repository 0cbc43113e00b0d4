/**
 * Resource provider registrations (`GET /subscriptions/{s}/providers[/{ns}]`, `POST …/{ns}/register`):
 * every provider served by the plane is Registered, with the resource types and api-versions of its operations.
 */
import type { Operation } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { RESOURCES_API_VERSIONS } from '../api-versions.js';
import { armProvidersOf, type ArmProvider } from '../arm-provider.js';
import { requireSubscription } from '../scope-checks.js';
import { LOCATIONS } from './locations.js';

const GLOBAL_NAMESPACES = new Set(['microsoft.authorization', 'microsoft.resources', 'cerulean.authorization']);

export function providerWire(subscriptionId: string, p: ArmProvider): Record<string, unknown> {
  const byType = new Map<string, Set<string>>();
  for (const op of p.operations) {
    if (!op.resourceType) continue;
    const t = op.resourceType.includes('/') ? op.resourceType.slice(op.resourceType.indexOf('/') + 1) : op.resourceType;
    const set = byType.get(t) ?? new Set<string>();
    for (const v of op.apiVersions ?? []) set.add(v);
    byType.set(t, set);
  }
  const global = GLOBAL_NAMESPACES.has(p.namespace.toLowerCase());
  const locations = global ? [] : LOCATIONS.map((l) => l.displayName);
  return {
    id: `/subscriptions/${subscriptionId}/providers/${p.namespace}`,
    namespace: p.namespace,
    registrationState: 'Registered',
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: [...byType.entries()].map(([resourceType, versions]) => ({
      resourceType,
      locations,
      apiVersions: [...versions].sort().reverse(),
      capabilities: 'None',
    })),
  };
}

function findProvider(ctx: PlatformContext, ns: string): ArmProvider {
  const p = armProvidersOf(ctx).find((x) => x.namespace.toLowerCase() === ns.toLowerCase());
  if (!p) throw new ApiError(404, 'InvalidResourceNamespace', `The resource namespace '${ns}' is invalid.`);
  return p;
}

export function providerOperations(ctx: PlatformContext): Operation[] {
  const base = { apiVersions: RESOURCES_API_VERSIONS, resourceType: 'providers' };
  return [
    {
      ...base,
      id: 'Providers_List',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers',
      handler: (rc) => {
        requireSubscription(ctx, rc.params.subscriptionId);
        return { status: 200, body: { value: armProvidersOf(ctx).map((p) => providerWire(ctx.config.subscriptionId, p)) } };
      },
    },
    {
      ...base,
      id: 'Providers_Get',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}',
      handler: (rc) => {
        requireSubscription(ctx, rc.params.subscriptionId);
        return { status: 200, body: providerWire(ctx.config.subscriptionId, findProvider(ctx, rc.params.resourceProviderNamespace)) };
      },
    },
    {
      ...base,
      id: 'Providers_Register',
      method: 'POST',
      path: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}/register',
      action: (rc) => `${rc.params.resourceProviderNamespace}/register/action`,
      scope: (rc) => `/subscriptions/${rc.params.subscriptionId}`,
      handler: (rc) => {
        requireSubscription(ctx, rc.params.subscriptionId);
        return { status: 200, body: providerWire(ctx.config.subscriptionId, findProvider(ctx, rc.params.resourceProviderNamespace)) };
      },
    },
  ];
}
