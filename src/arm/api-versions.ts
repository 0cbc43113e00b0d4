/**
 * ARM api-version handling: every request carries `api-version`; each operation declares the versions it
 * accepts. Core (Microsoft.Resources) types answer `InvalidApiVersionParameter`; provider types answer
 * `NoRegisteredProviderFound`, listing the supported versions as ARM does.
 */
import { ApiError } from '../shared/errors.js';
import type { RequestContext } from '../http/operation.js';

/** Microsoft.Resources (subscriptions, tenants, resource groups, resources, providers, locations). */
export const RESOURCES_API_VERSIONS: readonly string[] = [
  '2014-04-01',
  '2014-04-01-preview',
  '2015-01-01',
  '2015-11-01',
  '2016-02-01',
  '2016-06-01',
  '2016-07-01',
  '2016-09-01',
  '2017-03-01',
  '2017-05-10',
  '2017-06-01',
  '2017-08-01',
  '2017-12-01',
  '2018-01-01',
  '2018-02-01',
  '2018-05-01',
  '2018-06-01',
  '2018-07-01',
  '2018-08-01',
  '2018-09-01',
  '2018-11-01',
  '2019-03-01',
  '2019-05-01',
  '2019-05-10',
  '2019-06-01',
  '2019-07-01',
  '2019-08-01',
  '2019-09-01',
  '2019-10-01',
  '2019-11-01',
  '2020-01-01',
  '2020-05-01',
  '2020-06-01',
  '2020-07-01',
  '2020-08-01',
  '2020-09-01',
  '2020-10-01',
  '2021-01-01',
  '2021-04-01',
  '2022-01-01',
  '2022-03-01-preview',
  '2022-05-01',
  '2022-06-01',
  '2022-09-01',
  '2022-11-01-preview',
  '2022-12-01',
  '2023-03-01-preview',
  '2023-07-01',
  '2023-07-01-preview',
  '2024-03-01',
  '2024-06-01-preview',
  '2024-07-01',
  '2024-08-01',
  '2024-11-01',
  '2025-01-01',
  '2025-03-01',
  '2025-04-01',
];

/** Microsoft.Authorization/roleAssignments. */
export const ROLE_ASSIGNMENT_API_VERSIONS: readonly string[] = [
  '2015-07-01',
  '2017-05-01',
  '2018-01-01-preview',
  '2018-07-01',
  '2018-09-01-preview',
  '2018-12-01-preview',
  '2019-04-01-preview',
  '2020-03-01-preview',
  '2020-04-01-preview',
  '2020-08-01-preview',
  '2020-10-01-preview',
  '2021-04-01-preview',
  '2022-01-01-preview',
  '2022-04-01',
];

/** Microsoft.Authorization/roleDefinitions. */
export const ROLE_DEFINITION_API_VERSIONS: readonly string[] = [
  '2015-07-01',
  '2017-05-01',
  '2018-01-01-preview',
  '2018-07-01',
  '2022-04-01',
  '2022-05-01-preview',
];

/** Microsoft.Authorization/permissions. */
export const PERMISSIONS_API_VERSIONS: readonly string[] = ['2015-07-01', '2017-05-01', '2018-01-01-preview', '2018-07-01', '2022-04-01'];

/** `/metadata/endpoints` takes any version of this shape (az sends 2015-01-01, 2019-05-01, 2022-09-01…). */
export const METADATA_API_VERSIONS: readonly string[] = ['2015-01-01', '2018-01-01', '2019-05-01', '2020-06-01', '2022-09-01', '2023-11-01'];

const VERSION_FORMAT = /^\d{4}-\d{2}-\d{2}(-(preview|alpha|beta|rc|privatepreview))?$/i;

export function isWellFormedApiVersion(v: string): boolean {
  return VERSION_FORMAT.test(v);
}

/** Newest first (ARM's order in `InvalidApiVersionParameter`). */
function newestFirst(versions: readonly string[]): string[] {
  return [...versions].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

function oldestFirst(versions: readonly string[]): string[] {
  return [...versions].sort();
}

export function missingApiVersion(): ApiError {
  return new ApiError(400, 'MissingApiVersionParameter', 'The api-version query parameter (?api-version=) is required for all requests.');
}

export function invalidApiVersion(version: string, supported: readonly string[]): ApiError {
  return new ApiError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${version}' is invalid. The supported versions are '${newestFirst(supported).join(',')}'.`,
  );
}

export function noRegisteredProvider(
  version: string,
  type: string,
  supported: readonly string[],
  location: string,
  locations: readonly string[],
): ApiError {
  return new ApiError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${version}' for type '${type}'. ` +
      `The supported api-versions are '${oldestFirst(supported).join(', ')}'. The supported locations are '${locations.join(', ')}'.`,
  );
}

/** The api-version query parameter, whichever casing the client used for its name. */
export function apiVersionOf(query: URLSearchParams): string | undefined {
  const direct = query.get('api-version');
  if (direct !== null) return direct;
  for (const [k, v] of query) if (k.toLowerCase() === 'api-version') return v;
  return undefined;
}

export interface ApiVersionCheckOptions {
  /** Location named in NoRegisteredProviderFound. */
  location: string;
  /** Locations listed for provider types (global types such as Microsoft.Authorization list none). */
  locations: readonly string[];
}

/**
 * Checks `ctx.query['api-version']` against `ctx.operation.apiVersions` (skipped when the operation declares none).
 * `resourceType` containing a `/` (e.g. `Microsoft.Storage/storageAccounts`) marks a provider type.
 */
export function validateApiVersion(ctx: RequestContext, opts: ApiVersionCheckOptions): void {
  const op = ctx.operation;
  if (!op.apiVersions) return;
  const v = apiVersionOf(ctx.query);
  if (v === undefined || v === '') throw missingApiVersion();
  if (op.apiVersions.some((a) => a.toLowerCase() === v.toLowerCase())) {
    ctx.state.apiVersion = v;
    return;
  }
  const type = op.resourceType ?? '';
  const slash = type.indexOf('/');
  if (slash < 0 || type.toLowerCase().startsWith('microsoft.resources/')) throw invalidApiVersion(v, op.apiVersions);
  const namespace = type.slice(0, slash);
  const global = ['microsoft.authorization', 'cerulean.authorization'].includes(namespace.toLowerCase());
  throw noRegisteredProvider(
    v,
    type.slice(type.lastIndexOf('/') + 1),
    op.apiVersions,
    opts.location,
    global ? [] : opts.locations,
  );
}
