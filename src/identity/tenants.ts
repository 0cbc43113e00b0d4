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
  const tenantId = pctx.config.tenantId;
  // The usual request names the tenant by its id, as issued: no case folding needed.
  if (segment === tenantId) return { tenantId, pathSegment: tenantId, multiTenant: false };
  const raw = (segment ?? '').trim();
  const t = raw.toLowerCase();
  if (t === 'common' || t === 'organizations') return { tenantId, pathSegment: t, multiTenant: true };
  if (t === tenantId.toLowerCase() || isTenantDomain(pctx, t)) return { tenantId, pathSegment: tenantId, multiTenant: false };
  throw tenantNotFound(raw);
}

function isTenantDomain(pctx: PlatformContext, lowerName: string): boolean {
  const a = pctx.directory.domain;
  const b = pctx.config.tenantDomain;
  return (!!a && a.toLowerCase() === lowerName) || (!!b && b.toLowerCase() === lowerName);
}
