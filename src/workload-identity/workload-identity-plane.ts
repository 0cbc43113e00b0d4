/**
 * The token endpoints workloads call, one plane served as plain http:
 * - Azure ML (`MSI_ENDPOINT` + `MSI_SECRET`): `GET /msi/token[/]` with header `secret`;
 * - App Service 2019-08-01 (`IDENTITY_ENDPOINT` + `IDENTITY_HEADER`): same path, header `X-IDENTITY-HEADER`;
 * - IMDS: `GET http://169.254.169.254/metadata/identity/oauth2/token` through the forward proxy, the workload
 *   known by the credentials of its proxy URL (`Proxy-Authorization: Basic`), or on the loopback listener at
 *   `/w/<hex secret>/metadata/identity/oauth2/token` (`AZURE_POD_IDENTITY_AUTHORITY_HOST`).
 * The loopback listener and the proxy (absolute-URI requests to 127.0.0.1 / 169.254.169.254) share it. The pipeline
 * authenticates the calling workload (workload-authenticator.ts); the handlers pick the identity and issue.
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
import { identityNotFound, metadataHeaderMissing, msiError, renderMsiError, resourceMissing, type MsiDialect } from './msi-errors.js';
import { IMDS_TOKEN_OP, MSI_TOKEN_OP, POD_IMDS_TOKEN_OP, createWorkloadAuthenticator, credentialMissing, header, workloadOf } from './workload-authenticator.js';

export const IMDS_HOST = '169.254.169.254';
export const MSI_PATH = '/msi/token';
export const IMDS_TOKEN_PATH = '/metadata/identity/oauth2/token';

const POD_PATH_SECRET = /^\/+(?:w|%77)\/[^/]*/i;

/** Shared by every token reply (the pipeline only reads a reply's headers). */
const TOKEN_REPLY_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'cache-control': 'no-store', 'content-type': JSON_CONTENT_TYPE });

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

  // Every token operation is authenticated by the pipeline (the workload's credential: workload-authenticator.ts).
  const msiToken: Operation = {
    id: MSI_TOKEN_OP,
    method: 'GET',
    path: MSI_PATH,
    handler(rc) {
      const { workload, dialect } = workloadOf(rc);
      return issue(rc, workload, dialect);
    },
  };

  const imdsToken: Operation = {
    id: IMDS_TOKEN_OP,
    method: 'GET',
    path: IMDS_TOKEN_PATH,
    handler(rc) {
      if (header(rc, 'metadata')?.toLowerCase() !== 'true') throw metadataHeaderMissing();
      return issue(rc, workloadOf(rc).workload, 'imds');
    },
  };

  const podImdsToken: Operation = {
    id: POD_IMDS_TOKEN_OP,
    method: 'GET',
    path: `/w/{pathSecret}${IMDS_TOKEN_PATH}`,
    handler(rc) {
      if (header(rc, 'metadata')?.toLowerCase() !== 'true') throw metadataHeaderMissing();
      return issue(rc, workloadOf(rc).workload, 'imds');
    },
  };

  return {
    name: 'workload-identity',
    hosts: [IMDS_HOST, '127.0.0.1'],
    plainHttp: true,
    operations: [msiToken, imdsToken, podImdsToken],
    authenticators: [createWorkloadAuthenticator(registry, secrets)],
    renderError: renderMsiError,
    // `/w/<path secret>/…`: the secret never reaches the log.
    logPath: (path) => path.replace(POD_PATH_SECRET, '/w/{pathSecret}'),
    notFound(rc) {
      const dialect: MsiDialect = rc.path.toLowerCase().includes('/metadata/') ? 'imds' : 'azureml';
      return msiError(dialect, 404, 'not_found', `Cerulean serves no managed-identity endpoint at '${rc.path}'.`);
    },
    unauthenticated: credentialMissing,
    denied() {
      return new ApiError(403, 'forbidden', 'Forbidden.', { extra: { dialect: 'azureml' } });
    },
  };
}
