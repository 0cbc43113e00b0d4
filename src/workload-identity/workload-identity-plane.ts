/**
 * The token endpoints workloads call, one plane served as plain http:
 * - Azure ML (`MSI_ENDPOINT` + `MSI_SECRET`): `GET /msi/token[/]` with header `secret`;
 * - App Service 2019-08-01 (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`): same path, header `X-IDENTITY-HEADER`;
 * - IMDS: `GET http://169.254.169.254/metadata/identity/oauth2/token` through the forward proxy, the workload
 *   known by the credentials of its proxy URL (`Proxy-Authorization: Basic`), or on the loopback listener at
 *   `/w/<hex secret>/metadata/identity/oauth2/token` (`AZURE_POD_IDENTITY_AUTHORITY_HOST`).
 * The loopback listener and the proxy (absolute-URI requests to 127.0.0.1 / 169.254.169.254) share it.
 */
import type { Operation, Reply, RequestContext } from '../http/operation.js';
import type { Plane } from '../http/plane.js';
import type { PlatformContext } from '../platform/context.js';
import { ApiError } from '../shared/errors.js';
import type { Workload, WorkloadRegistry } from '../runtime/workload-registry.js';
import { managedIdentityByClientId, managedIdentitySubject } from '../managed-identity/principal-lifecycle.js';
import { selectIdentity } from './identity-selection.js';
import { TokenQueryCache, parseTokenQuery } from './token-query.js';
import { msiExpiresIn, msiTokenBody } from './token-response.js';
import { JSON_CONTENT_TYPE, TokenReplyCache } from '../identity/token-reply-cache.js';
import { DirectoryCache, deepFreeze } from '../directory/directory-cache.js';
import type { TokenSubject } from '../identity/types.js';
import { WorkloadSecretLookup } from './workload-secret-lookup.js';
import {
  identityNotFound,
  imdsUnreachable,
  metadataHeaderMissing,
  msiError,
  renderMsiError,
  resourceMissing,
  secretRefused,
  type MsiDialect,
} from './msi-errors.js';

export const IMDS_HOST = '169.254.169.254';
export const MSI_PATH = '/msi/token';
export const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';

const POD_PATH_SECRET = /^\/+(?:w|%77)\/[^/]*/i;

/** Shared by every token reply (the pipeline only reads a reply's headers). */
const TOKEN_REPLY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'cache-control': 'no-store', 'content-type': JSON_CONTENT_TYPE });

function header(rc: RequestContext, name: string): string | undefined {
  const v = rc.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `Proxy-Authorization: Basic base64(id:secret)` → [id, secret]. */
export function proxyCredentials(value: string | undefined): [string, string] | undefined {
  const m = /^\s*basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const text = Buffer.from(m[1], 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  try {
    return [decodeURIComponent(text.slice(0, i)), decodeURIComponent(text.slice(i + 1))];
  } catch {
    return undefined;
  }
}

/** What a token request needs of an identity's service principal, kept while the directory is unchanged. */
interface IdentityEntry {
  appId: string;
  subject: TokenSubject;
}

export function createWorkloadIdentityPlane(ctx: PlatformContext, registry: WorkloadRegistry): Plane {
  // Any directory write (identity deleted or disabled…) drops every entry, so the next request looks again.
  const identities = new DirectoryCache<IdentityEntry>(ctx.store);
  const secrets = new WorkloadSecretLookup(registry);
  const replies = new TokenReplyCache();
  // The fixed token paths only: `/w/<path secret>/…` targets hold a secret and are parsed each time.
  const queries = new TokenQueryCache([`${MSI_PATH}?`, `${MSI_PATH}/?`, `${IMDS_TOKEN_PATH}?`]);

  function identityByClientId(clientId: string): IdentityEntry | undefined {
    const key = clientId.toLowerCase();
    const hit = identities.get(key);
    if (hit) return hit;
    const sp = managedIdentityByClientId(ctx, clientId);
    if (!sp) return undefined;
    const entry: IdentityEntry = deepFreeze({ appId: sp.appId, subject: managedIdentitySubject(sp, ctx.config.tenantId) });
    identities.set(key, entry);
    return entry;
  }

  async function issue(rc: RequestContext, workload: Workload, dialect: MsiDialect): Promise<Reply> {
    const { resource, selector } = queries.get(rc.req.url, () => parseTokenQuery(rc.query));
    // The request's log line says which workload asked for which audience, and which identity it got.
    const logged: Record<string, string> = { workload: workload.id };
    rc.logFields = logged;
    if (resource === undefined) throw resourceMissing(dialect);
    logged.resource = resource;
    const attached = selectIdentity(workload, selector);
    if (!attached) {
      const asked = selector.clientId ?? selector.objectId ?? selector.resourceId;
      if (asked !== undefined) logged.askedIdentity = asked;
      throw identityNotFound(dialect);
    }
    logged.identity = attached.clientId;
    const identity = identityByClientId(attached.clientId);
    if (!identity) throw identityNotFound(dialect);
    const token = await ctx.tokens.issueAccessToken(identity.subject, resource);
    const nowSeconds = ctx.clock.now() / 1000;
    const body = replies.json(token.accessToken, identity.appId, msiExpiresIn(token, nowSeconds), () => msiTokenBody(token, identity.appId, nowSeconds));
    return { status: 200, headers: TOKEN_REPLY_HEADERS, body };
  }

  const msiToken: Operation = {
    id: 'ManagedIdentity_Token',
    method: 'GET',
    path: MSI_PATH,
    auth: 'none',
    async handler(rc) {
      const identityHeader = header(rc, 'x-identity-header');
      if (identityHeader !== undefined) {
        const w = secrets.bySecret(identityHeader);
        if (!w) throw secretRefused('appservice', 'X-IDENTITY-HEADER');
        return issue(rc, w, 'appservice');
      }
      const w = secrets.bySecret(header(rc, 'secret'));
      if (!w) throw secretRefused('azureml', 'secret');
      return issue(rc, w, 'azureml');
    },
  };

  const imdsToken: Operation = {
    id: 'Imds_Token',
    method: 'GET',
    path: IMDS_TOKEN_PATH,
    auth: 'none',
    async handler(rc) {
      const creds = proxyCredentials(header(rc, 'proxy-authorization'));
      const w = creds ? registry.byProxyCredentials(creds[0], creds[1]) : undefined;
      if (!w) throw imdsUnreachable();
      if (header(rc, 'metadata')?.toLowerCase() !== 'true') throw metadataHeaderMissing();
      return issue(rc, w, 'imds');
    },
  };

  const podImdsToken: Operation = {
    id: 'Imds_TokenByPath',
    method: 'GET',
    path: `/w/{pathSecret}${IMDS_TOKEN_PATH}`,
    auth: 'none',
    async handler(rc) {
      const w = registry.byPathSecret(rc.params.pathSecret?.toLowerCase());
      if (!w) throw imdsUnreachable();
      if (header(rc, 'metadata')?.toLowerCase() !== 'true') throw metadataHeaderMissing();
      return issue(rc, w, 'imds');
    },
  };

  return {
    name: 'workload-identity',
    hosts: [IMDS_HOST, '127.0.0.1'],
    plainHttp: true,
    operations: [msiToken, imdsToken, podImdsToken],
    authenticators: [],
    renderError: renderMsiError,
    // `/w/<path secret>/…`: the secret never reaches the log.
    logPath: (path) => path.replace(POD_PATH_SECRET, '/w/{pathSecret}'),
    notFound(rc) {
      const dialect: MsiDialect = rc.path.toLowerCase().includes('/metadata/') ? 'imds' : 'azureml';
      return msiError(dialect, 404, 'not_found', `Cerulean serves no managed-identity endpoint at '${rc.path}'.`);
    },
    unauthenticated() {
      return secretRefused('azureml', 'secret');
    },
    denied() {
      return new ApiError(403, 'forbidden', 'Forbidden.', { extra: { dialect: 'azureml' } });
    },
  };
}
