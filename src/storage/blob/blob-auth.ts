/**
 * Bearer-token pieces of the Blob plane: the audiences accepted for the addressed account, and the 401s the
 * service answers for a missing or invalid token (with the challenge the JS SDK follows).
 */
import type { ApiError } from '../../shared/errors.js';
import type { RequestContext } from '../../http/operation.js';
import { storageAccountAudiences, STORAGE_AUDIENCES } from '../../identity/audiences.js';
import type { TokenError } from '../../identity/types.js';
import { invalidAuthenticationInfo, noAuthenticationInformation } from './blob-errors.js';
import { maybeBlobState } from './blob-state.js';

/** `https://storage.azure.com[/]`, the storage app id, and `https://{account}.blob.core.windows.net[/]`. */
export function blobAudiences(ctx: RequestContext): readonly string[] {
  const st = maybeBlobState(ctx);
  if (!st) return STORAGE_AUDIENCES;
  const name = st.account.name;
  let list = byAccount.get(name);
  if (list === undefined) {
    if (byAccount.size >= MAX_REMEMBERED_ACCOUNTS) byAccount.clear();
    list = Object.freeze(storageAccountAudiences(name));
    byAccount.set(name, list);
  }
  return list;
}

/** The audience lists are a pure function of the account name: made once per name. */
const byAccount = new Map<string, readonly string[]>();
const MAX_REMEMBERED_ACCOUNTS = 1000;

const DETAILS: Record<string, string> = {
  expired: 'Lifetime validation failed. The token is expired.',
  'not-yet-valid': 'Lifetime validation failed. The token is not yet valid.',
  'bad-audience': 'Audience validation failed. Audience did not match.',
  'bad-issuer': 'Issuer validation failed. Issuer did not match.',
  'bad-signature': 'Signature validation failed. Signature is invalid.',
  'unknown-key': 'Signature validation failed. Unable to match key.',
  'unsupported-alg': 'Signature validation failed. The signature algorithm is not supported.',
  malformed: 'The token is malformed.',
};

/** The `onError` for `bearerAuthenticator` on the Blob plane. */
export function blobTokenError(tenantId: string): (e: TokenError | 'missing', ctx: RequestContext) => ApiError {
  return (e) => {
    if (e === 'missing') return noAuthenticationInformation(tenantId);
    return invalidAuthenticationInfo(tenantId, DETAILS[e.reason] ?? 'The token is invalid.');
  };
}
