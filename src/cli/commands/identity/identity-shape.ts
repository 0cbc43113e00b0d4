/** The Identity model as azure-mgmt-msi serializes it for az: ARM envelope plus flattened properties, camelCase. */
export function identityShape(raw: unknown): Record<string, unknown> {
  const r = (raw ?? {}) as Record<string, unknown>;
  const p = (r.properties ?? {}) as Record<string, unknown>;
  return {
    clientId: p.clientId ?? null,
    id: r.id ?? null,
    location: r.location ?? null,
    name: r.name ?? null,
    principalId: p.principalId ?? null,
    tags: r.tags ?? {},
    tenantId: p.tenantId ?? null,
    type: r.type ?? null,
  };
}
