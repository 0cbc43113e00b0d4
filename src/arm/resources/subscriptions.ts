/**
 * Subscriptions and tenants: `GET /subscriptions`, `GET /subscriptions/{s}`, `GET /tenants`.
 * A caller sees the subscription when it holds a role assignment at, above or below it.
 */
import type { Operation } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { RESOURCES_API_VERSIONS } from '../api-versions.js';
import { canSeeSubscription } from '../authorization/access-check.js';
import { isKnownSubscription, subscriptionNotFound } from '../scope-checks.js';

export function subscriptionItem(ctx: PlatformContext): Record<string, unknown> {
  const c = ctx.config;
  return {
    id: `/subscriptions/${c.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: c.subscriptionId,
    tenantId: c.tenantId,
    displayName: c.subscriptionName,
    state: 'Enabled',
    subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'PayAsYouGo_2014-09-01', spendingLimit: 'Off' },
  };
}

export function tenantItem(ctx: PlatformContext): Record<string, unknown> {
  const c = ctx.config;
  return {
    id: `/tenants/${c.tenantId}`,
    tenantId: c.tenantId,
    countryCode: 'US',
    displayName: 'Cerulean',
    domains: [c.tenantDomain],
    tenantCategory: 'Home',
    defaultDomain: c.tenantDomain,
    tenantType: 'AAD',
  };
}

export function subscriptionOperations(ctx: PlatformContext): Operation[] {
  return [
    {
      id: 'Subscriptions_List',
      method: 'GET',
      path: '/subscriptions',
      apiVersions: RESOURCES_API_VERSIONS,
      resourceType: 'subscriptions',
      handler: (rc) => {
        const visible = canSeeSubscription(ctx, rc.caller.principal, ctx.config.subscriptionId);
        const value = visible ? [subscriptionItem(ctx)] : [];
        return { status: 200, body: { value, count: { type: 'Total', value: value.length } } };
      },
    },
    {
      id: 'Subscriptions_Get',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}',
      apiVersions: RESOURCES_API_VERSIONS,
      resourceType: 'subscriptions',
      handler: (rc) => {
        const s = rc.params.subscriptionId;
        if (!isKnownSubscription(ctx, s) || !canSeeSubscription(ctx, rc.caller.principal, s)) throw subscriptionNotFound(s);
        return { status: 200, body: subscriptionItem(ctx) };
      },
    },
    {
      id: 'Tenants_List',
      method: 'GET',
      path: '/tenants',
      apiVersions: RESOURCES_API_VERSIONS,
      resourceType: 'tenants',
      handler: () => ({ status: 200, body: { value: [tenantItem(ctx)] } }),
    },
  ];
}
