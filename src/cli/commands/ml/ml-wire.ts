/** Small conversions between Azure ML REST values and az ml's YAML/output values. */

/** ISO 8601 duration (`PT1M30S`, `PT0.5S`) → milliseconds; undefined when not a duration. */
export function durationMs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(value);
  if (!m) return undefined;
  const [, d, h, min, s] = m;
  return Math.round(((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 * 60 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000);
}

/** Milliseconds → `PT5S` / `PT0.5S`. */
export function msToDuration(ms: number): string {
  const s = ms / 1000;
  return `PT${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}S`;
}

/** `SystemAssigned` → `system_assigned`, `AMLToken` → `aml_token`, `Key` → `key`. */
export function snakeEnum(value: unknown): unknown {
  if (typeof value !== 'string') return value ?? null;
  const special: Record<string, string> = { AMLToken: 'aml_token', AADToken: 'aad_token', 'SystemAssigned,UserAssigned': 'system_assigned,user_assigned' };
  if (special[value]) return special[value];
  return value.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** `system_assigned` → `SystemAssigned`, `aml_token` → `AMLToken`. */
export function pascalEnum(value: string): string {
  const special: Record<string, string> = { aml_token: 'AMLToken', aad_token: 'AADToken' };
  if (special[value.toLowerCase()]) return special[value.toLowerCase()];
  return value
    .split('_')
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1).toLowerCase())
    .join('');
}

/** az ml's `creation_context` from ARM `systemData`. */
export function creationContext(systemData: unknown): Record<string, unknown> | undefined {
  if (!systemData || typeof systemData !== 'object') return undefined;
  const s = systemData as Record<string, unknown>;
  return {
    created_at: s.createdAt ?? null,
    created_by: s.createdBy ?? null,
    created_by_type: s.createdByType ?? null,
    last_modified_at: s.lastModifiedAt ?? null,
    last_modified_by: s.lastModifiedBy ?? null,
    last_modified_by_type: s.lastModifiedByType ?? null,
  };
}

/** Azure identity object → az ml's `identity` (snake_case; UAIs as a list). */
export function identityOut(identity: unknown): Record<string, unknown> | undefined {
  if (!identity || typeof identity !== 'object') return undefined;
  const i = identity as { type?: string; principalId?: string; tenantId?: string; userAssignedIdentities?: Record<string, { principalId?: string; clientId?: string }> };
  const out: Record<string, unknown> = { type: snakeEnum(i.type) };
  if (i.principalId) out.principal_id = i.principalId;
  if (i.tenantId) out.tenant_id = i.tenantId;
  const uais = Object.entries(i.userAssignedIdentities ?? {});
  if (uais.length > 0) {
    out.user_assigned_identities = uais.map(([resource_id, v]) => ({ client_id: v?.clientId ?? null, principal_id: v?.principalId ?? null, resource_id }));
  }
  return out;
}

export function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}
