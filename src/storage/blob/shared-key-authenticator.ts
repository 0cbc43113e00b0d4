/**
 * The Shared Key authenticator of the Blob plane: `Authorization: SharedKey {account}:{signature}`, verified in
 * constant time against either account key. Key callers are authorized by the key (no RBAC); accounts with
 * `allowSharedKeyAccess: false` refuse them.
 */
import type { Caller, RequestContext } from '../../http/operation.js';
import type { Authenticator } from '../../http/plane.js';
import type { Clock } from '../../shared/clock.js';
import { sharedKeyAllowed } from '../accounts/account-records.js';
import { blobErrors } from './blob-errors.js';
import { header } from './blob-headers.js';
import { maybeBlobState } from './blob-state.js';
import { parseSharedKeyAuthorization, verifySharedKey } from './shared-key.js';

/** Requests dated further than this from the server clock are refused (the service allows 15 minutes). */
const MAX_SKEW_MS = 15 * 60 * 1000;

export function sharedKeyAuthenticator(clock: Clock): Authenticator {
  return (ctx: RequestContext): Caller | undefined => {
    const parsed = parseSharedKeyAuthorization(header(ctx.req, 'authorization'));
    if (parsed === undefined) return undefined;
    const st = maybeBlobState(ctx);
    if (!st) return undefined;
    if (parsed === 'malformed') throw blobErrors.authenticationFailed('The Authorization header is not in the correct format.');
    if (!sharedKeyAllowed(st.account)) throw blobErrors.keyBasedAuthNotPermitted();
    const dateText = header(ctx.req, 'x-ms-date') ?? header(ctx.req, 'date');
    if (!dateText) throw blobErrors.authenticationFailed('Request date header not specified');
    const date = Date.parse(dateText);
    if (Number.isNaN(date)) throw blobErrors.authenticationFailed(`The Date header in the request is incorrect.`);
    if (Math.abs(clock.now() - date) > MAX_SKEW_MS) {
      throw blobErrors.authenticationFailed(`Request date header too old: '${dateText}'`);
    }
    const search = ctx.url.search.replace(/^\?/, '');
    const parts = { method: ctx.method, headers: ctx.req.headers, path: ctx.url.pathname, search };
    const extra = st.address.pathStyle ? [st.address.pathAfterAccount] : [];
    const accountMatches = parsed.account.toLowerCase() === st.account.name.toLowerCase();
    const keys = accountMatches ? st.account.keys.map((k) => k.value) : [];
    const result = verifySharedKey(parts, st.account.name, parsed.signature, keys, extra);
    if (!result.ok) {
      throw blobErrors.authenticationFailed(
        `The MAC signature found in the HTTP request '${parsed.signature}' is not the same as any computed signature. ` +
          `Server used following string to sign: '${result.stringToSign}'.`,
      );
    }
    return { scheme: 'sharedKey', info: { account: st.account.name } };
  };
}
