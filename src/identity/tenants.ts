/** Which tenant a login URL's `{tenant}` segment names: the tenant id, its domain, `common` or `organizations`. */
import type { PlatformContext } from '../platform/context.js';
import { tenantNotFound } from './oauth-errors.js';

export interface ResolvedTenant {
  /** The tenant GUID tokens are issued in. */
  tenantId: string;
  /** `common`/`organizations` keep their name in endpoint URLs; a tenant id or domain becomes the GUID. */
  pathSegment: string;
  multiTenant: boolean;
}

export function resolveTenant(pctx: PlatformContext, segment: string | undefined): ResolvedTenant {
  const raw = (segment ?? '').trim();
  const t = raw.toLowerCase();
  const tenantId = pctx.config.tenantId;
  if (t === 'common' || t === 'organizations') return { tenantId, pathSegment: t, multiTenant: true };
  const domains = [pctx.directory.domain, pctx.config.tenantDomain].filter(Boolean).map((d) => d.toLowerCase());
  if (t === tenantId.toLowerCase() || domains.includes(t)) return { tenantId, pathSegment: tenantId, multiTenant: false };
  throw tenantNotFound(raw);
}
