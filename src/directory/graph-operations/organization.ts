/**
 * `/organization`: the one tenant this directory is, with its verified domain.
 */
import { resourceNotFound } from '../graph-errors.js';
import type { GraphEnv, GraphRoute } from '../graph-route.js';

export function organizationView(env: GraphEnv): Record<string, unknown> {
  return {
    id: env.tenantId,
    deletedDateTime: null,
    businessPhones: [],
    city: null,
    country: null,
    countryLetterCode: null,
    createdDateTime: null,
    defaultUsageLocation: null,
    displayName: env.tenantDisplayName,
    isMultipleDataLocationsForServicesEnabled: null,
    marketingNotificationEmails: [],
    onPremisesLastSyncDateTime: null,
    onPremisesSyncEnabled: null,
    partnerTenantType: null,
    postalCode: null,
    preferredLanguage: null,
    securityComplianceNotificationMails: [],
    securityComplianceNotificationPhones: [],
    state: null,
    street: null,
    technicalNotificationMails: [],
    tenantType: 'AAD',
    directorySizeQuota: { used: env.dir.listObjects().length, total: 50000 },
    privacyProfile: null,
    assignedPlans: [],
    onPremisesProvisioningErrors: [],
    provisionedPlans: [],
    verifiedDomains: [
      { capabilities: 'Email, OfficeCommunicationsOnlineService', isDefault: true, isInitial: true, name: env.domain, type: 'Managed' },
    ],
  };
}

export const organizationRoutes: GraphRoute[] = [
  {
    id: 'organization.organization.ListOrganization',
    method: 'GET',
    path: '/organization',
    permission: 'directory.read',
    handler: (_ctx, env) => ({ status: 200, body: { '@odata.context': env.context('organization'), value: [organizationView(env)] } }),
  },
  {
    id: 'organization.organization.GetOrganization',
    method: 'GET',
    path: '/organization/{id}',
    permission: 'directory.read',
    handler: (ctx, env) => {
      if (ctx.params.id.toLowerCase() !== env.tenantId.toLowerCase()) throw resourceNotFound(ctx.params.id);
      return { status: 200, body: { '@odata.context': env.context('organization/$entity'), ...organizationView(env) } };
    },
  },
];
