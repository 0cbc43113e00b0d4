/** The Registry model as azure-mgmt-containerregistry serializes it for az: envelope plus flattened properties. */
const DEFAULTS: Record<string, unknown> = {
  adminUserEnabled: false,
  anonymousPullEnabled: false,
  creationDate: null,
  dataEndpointEnabled: false,
  dataEndpointHostNames: [],
  encryption: { keyVaultProperties: null, status: 'disabled' },
  identity: null,
  loginServer: null,
  networkRuleBypassOptions: 'AzureServices',
  networkRuleSet: null,
  policies: null,
  privateEndpointConnections: [],
  provisioningState: null,
  publicNetworkAccess: 'Enabled',
  status: null,
  systemData: null,
  zoneRedundancy: 'Disabled',
};

export function registryShape(raw: unknown): Record<string, unknown> {
  const r = (raw ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = { ...DEFAULTS, ...((r.properties ?? {}) as Record<string, unknown>) };
  for (const k of ['id', 'name', 'type', 'location', 'sku', 'identity', 'systemData']) out[k] = r[k] ?? out[k] ?? null;
  out.tags = r.tags ?? {};
  return out;
}
