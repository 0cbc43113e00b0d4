import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../shared/errors.js';
import { randomIds } from '../shared/ids.js';
import type { RequestContext } from '../http/operation.js';
import { createKeyRing } from './key-ring.js';
import { createTokenService, type CeruleanTokenService } from './token-service.js';
import { bearerAuthenticator, bearerToken } from './bearer-authenticator.js';
import { ARM_AUDIENCES, GRAPH_AUDIENCES } from './audiences.js';
import { TokenError } from './types.js';
import { manualClock, TEST_TENANT_ID } from './test-support.js';

let root: string;
let svc: CeruleanTokenService;
before(async () => {
  root = mkdtempSync(join(tmpdir(), 'bearer-'));
  const clock = manualClock();
  svc = createTokenService({ tenantId: TEST_TENANT_ID, keyRing: await createKeyRing({ dir: root, clock }), clock, ids: randomIds });
});
after(() => rmSync(root, { recursive: true, force: true }));

function ctxWith(authorization?: string): RequestContext {
  const req = { headers: authorization === undefined ? {} : { authorization } } as unknown as IncomingMessage;
  return { req, caller: { scheme: 'anonymous' }, state: {} } as unknown as RequestContext;
}

const seen: Array<TokenError | 'missing'> = [];
const onError = (e: TokenError | 'missing') => {
  seen.push(e);
  return new ApiError(401, 'InvalidAuthenticationToken', e === 'missing' ? 'missing' : e.reason);
};

test('bearerToken parses the scheme case-insensitively', () => {
  assert.equal(bearerToken('Bearer abc.def.ghi'), 'abc.def.ghi');
  assert.equal(bearerToken('bearer   abc'), 'abc');
  assert.equal(bearerToken('BEARER abc'), 'abc');
  assert.equal(bearerToken('Basic abc'), undefined);
  assert.equal(bearerToken(undefined), undefined);
});

test('no header or another scheme ⇒ undefined; valid token ⇒ caller; invalid ⇒ onError', async () => {
  const auth = bearerAuthenticator(svc, ARM_AUDIENCES, onError);
  assert.equal(await auth(ctxWith()), undefined);
  assert.equal(await auth(ctxWith('SharedKey acct:sig')), undefined);

  const t = await svc.issueAccessToken(
    { objectId: '0b6b3a4c-1d2e-4f50-8a9b-0c1d2e3f4a5b', tenantId: TEST_TENANT_ID, kind: 'servicePrincipal', appId: 'app-1' },
    'https://management.azure.com/',
  );
  const caller = await auth(ctxWith(`bearer ${t.accessToken}`));
  assert.equal(caller?.scheme, 'bearer');
  assert.equal(caller?.principal?.appId, 'app-1');

  await assert.rejects(async () => auth(ctxWith('Bearer')), (e: unknown) => e instanceof ApiError && e.message === 'missing');
  await assert.rejects(async () => auth(ctxWith('Bearer x.y.z')), (e: unknown) => e instanceof ApiError && e.message === 'malformed');

  const graphOnly = bearerAuthenticator(svc, () => GRAPH_AUDIENCES, onError);
  await assert.rejects(async () => graphOnly(ctxWith(`Bearer ${t.accessToken}`)), (e: unknown) => e instanceof ApiError && e.message === 'bad-audience');
  assert.ok(seen.some((e) => e instanceof TokenError && e.reason === 'bad-audience'));
});
