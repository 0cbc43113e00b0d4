/** How az prints accounts: `account show` keeps environmentName; `login` and `account list` call it cloudName. */
import type { SubscriptionEntry } from '../../profile/profile-store.js';

export function showShape(s: SubscriptionEntry): Record<string, unknown> {
  return {
    environmentName: s.environmentName,
    homeTenantId: s.homeTenantId,
    id: s.id,
    isDefault: s.isDefault,
    managedByTenants: s.managedByTenants,
    name: s.name,
    state: s.state,
    tenantId: s.tenantId,
    user: s.user,
  };
}

export function listShape(s: SubscriptionEntry): Record<string, unknown> {
  const { environmentName, ...rest } = showShape(s);
  return { cloudName: environmentName, ...rest };
}

/** az prints expiresOn as a local-time "YYYY-MM-DD HH:MM:SS.ffffff". */
export function localTimestamp(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.000000`;
}
