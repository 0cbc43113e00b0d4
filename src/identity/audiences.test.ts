import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ARM_AUDIENCES, GRAPH_AUDIENCES, STORAGE_AUDIENCES, audienceMatches, grantedScopes, scopeToResource, storageAccountAudiences } from './audiences.js';

test('scopeToResource strips a trailing /.default only', () => {
  assert.equal(scopeToResource('https://management.core.windows.net//.default'), 'https://management.core.windows.net/');
  assert.equal(scopeToResource('https://management.azure.com/.default'), 'https://management.azure.com');
  assert.equal(scopeToResource('https://storage.azure.com/.default'), 'https://storage.azure.com');
  assert.equal(scopeToResource('https://storage.azure.com//.default'), 'https://storage.azure.com/');
  assert.equal(scopeToResource('00000003-0000-0000-c000-000000000000/.default'), '00000003-0000-0000-c000-000000000000');
});

test('scopeToResource ignores OIDC scopes and takes the first resource scope', () => {
  assert.equal(scopeToResource('offline_access openid profile https://management.core.windows.net//.default'), 'https://management.core.windows.net/');
  assert.equal(scopeToResource('https://graph.microsoft.com/.default openid https://storage.azure.com/.default'), 'https://graph.microsoft.com');
  assert.equal(scopeToResource('openid profile offline_access'), undefined);
  assert.equal(scopeToResource(''), undefined);
  assert.equal(scopeToResource(undefined), undefined);
});

test('scopeToResource maps delegated permissions to their resource', () => {
  assert.equal(scopeToResource('https://management.azure.com/user_impersonation'), 'https://management.azure.com');
  assert.equal(scopeToResource('https://management.core.windows.net//user_impersonation'), 'https://management.core.windows.net/');
  assert.equal(scopeToResource('User.Read'), 'https://graph.microsoft.com');
});

test('audienceMatches: exact, one trailing slash either way, case-insensitive; nothing else', () => {
  assert.ok(audienceMatches('https://management.core.windows.net/', ARM_AUDIENCES));
  assert.ok(audienceMatches('https://management.azure.com', ARM_AUDIENCES));
  assert.ok(audienceMatches('https://Management.Azure.com/', ARM_AUDIENCES));
  assert.ok(!audienceMatches('https://management.azure.com//', ['https://management.azure.com']));
  assert.ok(!audienceMatches('https://graph.microsoft.com', ARM_AUDIENCES));
  assert.ok(!audienceMatches('https://management.azure.com.evil', ARM_AUDIENCES));
  assert.ok(audienceMatches('00000003-0000-0000-c000-000000000000', GRAPH_AUDIENCES));
  assert.ok(audienceMatches('https://storage.azure.com/', STORAGE_AUDIENCES));
  assert.ok(!audienceMatches(undefined, ARM_AUDIENCES));
  assert.ok(audienceMatches(['x', 'https://graph.microsoft.com/'], GRAPH_AUDIENCES));
});

test('storage account audiences include the account endpoint with and without slash', () => {
  const acc = storageAccountAudiences('Acct1');
  assert.ok(audienceMatches('https://acct1.blob.core.windows.net', acc));
  assert.ok(audienceMatches('https://acct1.blob.core.windows.net/', acc));
  assert.ok(audienceMatches('https://storage.azure.com', acc));
  assert.ok(!audienceMatches('https://acct2.blob.core.windows.net', acc));
});

test('grantedScopes echoes the requested scopes after user_impersonation', () => {
  assert.equal(
    grantedScopes(['https://management.core.windows.net//.default'], 'https://management.core.windows.net/'),
    'https://management.core.windows.net//user_impersonation https://management.core.windows.net//.default',
  );
});
