import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomIds } from '../../shared/ids.js';
import { manualClock } from '../../identity/test-support.js';
import { ACR_ISSUER, AcrTokenError, AcrTokens, loadOrCreateTokenKey, subjectOf } from './acr-tokens.js';

const clock = manualClock();
const tokens = new AcrTokens(Buffer.alloc(32, 1), clock, randomIds);
const principal = { objectId: '11111111-1111-1111-1111-111111111111', tenantId: '22222222-2222-2222-2222-222222222222', type: 'ServicePrincipal' as const, appId: 'app' };
const claims = (t: string) => JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString());

test('refresh and access tokens carry ACR claims and verify for their registry and grant type only', () => {
  const rt = tokens.issueRefresh({ kind: 'principal', principal }, 'reg01.azurecr.io');
  const c = claims(rt.token);
  assert.equal(c.iss, ACR_ISSUER);
  assert.equal(c.aud, 'reg01.azurecr.io');
  assert.equal(c.grant_type, 'refresh_token');
  assert.equal(c.exp - c.iat, 3 * 3600);
  assert.deepEqual(c.permissions, { actions: ['*'], notActions: [] });
  const verified = tokens.verify(rt.token, 'REG01.azurecr.io', 'refresh_token');
  assert.deepEqual(subjectOf(verified), { kind: 'principal', principal: { objectId: principal.objectId, tenantId: principal.tenantId, type: 'ServicePrincipal', appId: 'app' } });
  assert.throws(() => tokens.verify(rt.token, 'other01.azurecr.io', 'refresh_token'), AcrTokenError);
  assert.throws(() => tokens.verify(rt.token, 'reg01.azurecr.io', 'access_token'), AcrTokenError);
  const at = tokens.issueAccess({ kind: 'admin', username: 'reg01' }, 'reg01.azurecr.io', [{ type: 'repository', name: 'a', actions: ['pull'] }]);
  assert.deepEqual(claims(at.token).access, [{ type: 'repository', name: 'a', actions: ['pull'] }]);
  assert.deepEqual(subjectOf(tokens.verify(at.token, 'reg01.azurecr.io', 'access_token')), { kind: 'admin', username: 'reg01' });
});

test('tampered, foreign-key and expired tokens are refused', () => {
  const at = tokens.issueAccess({ kind: 'principal', principal }, 'reg01.azurecr.io', []).token;
  const [h, , s] = at.split('.');
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims(at), access: [{ type: 'repository', name: 'a', actions: ['*'] }] })).toString('base64url')}.${s}`;
  assert.throws(() => tokens.verify(forged, 'reg01.azurecr.io', 'access_token'), /signature/);
  const other = new AcrTokens(Buffer.alloc(32, 2), clock, randomIds);
  assert.throws(() => other.verify(at, 'reg01.azurecr.io', 'access_token'), /signature/);
  clock.advance(76 * 60_000 + 300_000);
  assert.throws(() => tokens.verify(at, 'reg01.azurecr.io', 'access_token'), /expired/);
});

test('the signing key is created once, 0600, and read back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'acr-key-'));
  try {
    const path = join(dir, 'token-key');
    const a = loadOrCreateTokenKey(path, (n) => Buffer.alloc(n, 9));
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(loadOrCreateTokenKey(path, () => Buffer.alloc(32, 1)), a);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
