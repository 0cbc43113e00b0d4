/**
 * `GET {scope}/providers/Cerulean.Authorization/denials`: the platform's denial log at a subscription, resource
 * group or resource scope — the denials whose scope is `{scope}` or below it, newest first. Authorized like
 * reading the scope's role assignments (`Microsoft.Authorization/roleAssignments/read` at `{scope}`).
 * `$filter=principalId eq '{id}'` and `$top=N` narrow the list.
 */
import type { Operation, RequestContext } from '../../http/operation.js';
import type { PlatformContext } from '../../platform/context.js';
import { ApiError } from '../../shared/errors.js';
import { splitId } from '../../shared/resource-id.js';
import { filterParam, parseArmFilter, topParam } from '../arm-filter.js';
import { requireScopeExists } from '../scope-checks.js';
import { denialLogFor, type DenialLog, type DenialQuery, type DenialRecord } from './denial-log.js';
import type { StoreAuthorizer } from './authorizer.js';
import { SCOPE_TEMPLATES } from './scope-routes.js';

export const DENIALS_NAMESPACE = 'Cerulean.Authorization';
export const DENIALS_TYPE = `${DENIALS_NAMESPACE}/denials`;
export const DENIALS_API_VERSIONS: readonly string[] = ['2026-01-01'];
export const DENIALS_READ_ACTION = 'Microsoft.Authorization/roleAssignments/read';

const SUFFIX = `/providers/${DENIALS_NAMESPACE}/denials`;
const SUFFIX_RE = /\/providers\/cerulean\.authorization\/denials$/i;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The `{scope}` of a denials request path (decoded). */
export function denialsScopeFromPath(rc: RequestContext): string {
  const p = rc.url.pathname.replace(/\/+$/, '').replace(SUFFIX_RE, '');
  const parts = splitId(p).map(decode);
  return parts.length === 0 ? '/' : '/' + parts.join('/');
}

function invalidFilter(filter: string): ApiError {
  return new ApiError(
    400,
    'InvalidFilterInQueryString',
    `Invalid $filter '${filter}' specified in the query string. Supported filters are principalId eq '{value}'.`,
  );
}

/** Parses the list's `$filter` (only `principalId eq '{id}'`) and `$top`. */
export function parseDenialsQuery(query: URLSearchParams): Omit<DenialQuery, 'scope'> {
  const out: Omit<DenialQuery, 'scope'> = { top: topParam(query) };
  const filter = filterParam(query);
  if (filter !== undefined && filter.trim() !== '') {
    const clauses = parseArmFilter(filter);
    if (clauses.length !== 1) throw invalidFilter(filter);
    const c = clauses[0];
    if (c.kind !== 'eq' || c.field !== 'principalid') throw invalidFilter(filter);
    out.principalId = c.value;
  }
  return out;
}

/** One denial as the API returns it. */
export function denialWire(r: DenialRecord): Record<string, unknown> {
  const base = r.scope === '/' ? '' : r.scope;
  return {
    id: `${base}${SUFFIX}/${r.id}`,
    name: r.id,
    type: DENIALS_TYPE,
    properties: {
      time: r.at,
      principalId: r.principal,
      principalName: r.client,
      principalType: r.principalType,
      action: r.action,
      isDataAction: r.dataAction,
      scope: r.scope,
      plane: r.plane ?? null,
      enforced: r.enforced,
      explanation: r.explanation,
      suggestions: r.suggestions.map((s) => ({ roleName: s.roleName, roleDefinitionId: s.roleDefinitionId, scope: s.scope })),
    },
  };
}

function logOf(ctx: PlatformContext): DenialLog {
  const authz = ctx.authz as Partial<StoreAuthorizer>;
  return typeof authz.denialLog === 'function' ? authz.denialLog() : denialLogFor(ctx.store);
}

function list(ctx: PlatformContext, rc: RequestContext) {
  const scope = denialsScopeFromPath(rc);
  requireScopeExists(ctx, scope);
  const q = parseDenialsQuery(rc.query);
  const value = logOf(ctx).query({ ...q, scope }).map(denialWire);
  return { status: 200, body: { value } };
}

export function denialOperations(ctx: PlatformContext): Operation[] {
  return SCOPE_TEMPLATES.filter((t) => t.startsWith('/subscriptions/')).map((t) => ({
    id: 'Denials_List',
    method: 'GET',
    path: t + SUFFIX,
    apiVersions: DENIALS_API_VERSIONS,
    resourceType: DENIALS_TYPE,
    action: DENIALS_READ_ACTION,
    scope: denialsScopeFromPath,
    handler: (rc: RequestContext) => list(ctx, rc),
  }));
}
