/**
 * The Azure regions Cerulean lists (`GET /subscriptions/{s}/locations`), with Azure's names and metadata.
 */
import type { Operation } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { RESOURCES_API_VERSIONS } from '../api-versions.js';
import { isKnownSubscription, subscriptionNotFound } from '../scope-checks.js';
import { canSeeSubscription } from '../authorization/access-check.js';

export interface LocationInfo {
  name: string;
  displayName: string;
  geographyGroup: string;
  geography: string;
  physicalLocation: string;
  latitude: string;
  longitude: string;
  pairedRegion: string;
}

export const LOCATIONS: readonly LocationInfo[] = [
  { name: 'eastus', displayName: 'East US', geographyGroup: 'US', geography: 'United States', physicalLocation: 'Virginia', latitude: '37.3719', longitude: '-79.8164', pairedRegion: 'westus' },
  { name: 'eastus2', displayName: 'East US 2', geographyGroup: 'US', geography: 'United States', physicalLocation: 'Virginia', latitude: '36.6681', longitude: '-78.3889', pairedRegion: 'centralus' },
  { name: 'westus', displayName: 'West US', geographyGroup: 'US', geography: 'United States', physicalLocation: 'California', latitude: '37.783', longitude: '-122.417', pairedRegion: 'eastus' },
  { name: 'westus2', displayName: 'West US 2', geographyGroup: 'US', geography: 'United States', physicalLocation: 'Washington', latitude: '47.233', longitude: '-119.852', pairedRegion: 'westcentralus' },
  { name: 'westus3', displayName: 'West US 3', geographyGroup: 'US', geography: 'United States', physicalLocation: 'Phoenix', latitude: '33.448376', longitude: '-112.074036', pairedRegion: 'eastus' },
  { name: 'centralus', displayName: 'Central US', geographyGroup: 'US', geography: 'United States', physicalLocation: 'Iowa', latitude: '41.5908', longitude: '-93.6208', pairedRegion: 'eastus2' },
  { name: 'northeurope', displayName: 'North Europe', geographyGroup: 'Europe', geography: 'Europe', physicalLocation: 'Ireland', latitude: '53.3478', longitude: '-6.2597', pairedRegion: 'westeurope' },
  { name: 'westeurope', displayName: 'West Europe', geographyGroup: 'Europe', geography: 'Europe', physicalLocation: 'Netherlands', latitude: '52.3667', longitude: '4.9', pairedRegion: 'northeurope' },
  { name: 'uksouth', displayName: 'UK South', geographyGroup: 'Europe', geography: 'United Kingdom', physicalLocation: 'London', latitude: '50.941', longitude: '-0.799', pairedRegion: 'ukwest' },
  { name: 'southeastasia', displayName: 'Southeast Asia', geographyGroup: 'Asia Pacific', geography: 'Asia Pacific', physicalLocation: 'Singapore', latitude: '1.283', longitude: '103.833', pairedRegion: 'eastasia' },
  { name: 'japaneast', displayName: 'Japan East', geographyGroup: 'Asia Pacific', geography: 'Japan', physicalLocation: 'Tokyo, Saitama', latitude: '35.68', longitude: '139.77', pairedRegion: 'japanwest' },
  { name: 'australiaeast', displayName: 'Australia East', geographyGroup: 'Asia Pacific', geography: 'Australia', physicalLocation: 'New South Wales', latitude: '-33.86', longitude: '151.2094', pairedRegion: 'australiasoutheast' },
];

/** Canonical lower-case location name for a name or display name (`East US` → `eastus`); undefined if unknown. */
export function canonicalLocation(input: string): string | undefined {
  const squashed = input.replace(/\s+/g, '').toLowerCase();
  return LOCATIONS.find((l) => l.name === squashed)?.name;
}

function locationItem(subscriptionId: string, l: LocationInfo): Record<string, unknown> {
  return {
    id: `/subscriptions/${subscriptionId}/locations/${l.name}`,
    name: l.name,
    type: 'Region',
    displayName: l.displayName,
    regionalDisplayName: `(${l.geographyGroup}) ${l.displayName}`,
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Recommended',
      geographyGroup: l.geographyGroup,
      geography: l.geography,
      longitude: l.longitude,
      latitude: l.latitude,
      physicalLocation: l.physicalLocation,
      pairedRegion: [{ name: l.pairedRegion, id: `/subscriptions/${subscriptionId}/locations/${l.pairedRegion}` }],
    },
  };
}

export function locationOperations(ctx: PlatformContext): Operation[] {
  return [
    {
      id: 'Subscriptions_ListLocations',
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/locations',
      apiVersions: RESOURCES_API_VERSIONS,
      resourceType: 'locations',
      // Any caller who can see the subscription may list its locations.
      handler: (rc) => {
        const s = rc.params.subscriptionId;
        if (!isKnownSubscription(ctx, s) || !canSeeSubscription(ctx, rc.caller.principal, s)) throw subscriptionNotFound(s);
        return { status: 200, body: { value: LOCATIONS.map((l) => locationItem(ctx.config.subscriptionId, l)) } };
      },
    },
  ];
}
