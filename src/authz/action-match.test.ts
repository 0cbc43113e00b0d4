import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionMatches, actionPatternToRegexSource, anyActionMatches } from './action-match.js';

test('a bare * matches everything', () => {
  assert.equal(actionMatches('*', 'Microsoft.Storage/storageAccounts/read'), true);
  assert.equal(actionMatches('*', ''), true);
});

test('literal patterns are anchored and case-insensitive', () => {
  const p = 'Microsoft.Authorization/roleAssignments/write';
  assert.equal(actionMatches(p, 'microsoft.authorization/roleassignments/WRITE'), true);
  assert.equal(actionMatches(p, 'Microsoft.Authorization/roleAssignments/writeX'), false);
  assert.equal(actionMatches(p, 'XMicrosoft.Authorization/roleAssignments/write'), false);
});

test('a dot in a pattern is literal, not a regex wildcard', () => {
  assert.equal(actionMatches('Microsoft.Storage/x', 'MicrosoftXStorage/x'), false);
  assert.equal(actionMatches('Microsoft.Storage/*', 'MicrosoftXStorage/x'), false);
});

test('*/read matches any read action but not writes or suffix look-alikes', () => {
  assert.equal(actionMatches('*/read', 'Microsoft.Compute/virtualMachines/read'), true);
  assert.equal(actionMatches('*/read', 'Microsoft.Compute/virtualMachines/write'), false);
  assert.equal(actionMatches('*/read', 'Microsoft.Compute/virtualMachines/reader'), false);
});

test('trailing /* matches any deeper action', () => {
  assert.equal(actionMatches('Microsoft.Authorization/*', 'Microsoft.Authorization/roleAssignments/write'), true);
  assert.equal(actionMatches('Microsoft.Authorization/*', 'Microsoft.AuthorizationX/roleAssignments/write'), false);
});

test('/*/ matches one or more segments and also zero segments', () => {
  const p = 'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action';
  assert.equal(actionMatches(p, 'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action'), true);
  assert.equal(actionMatches(p, 'Microsoft.ManagedIdentity/userAssignedIdentities/x/assign/action'), true);
  assert.equal(actionMatches(p, 'Microsoft.ManagedIdentity/userAssignedIdentities/x/y/assign/action'), true);
  assert.equal(actionMatches(p, 'Microsoft.ManagedIdentity/userAssignedIdentitiesassign/action'), false);
  assert.equal(actionMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write'), true);
  assert.equal(actionMatches('Microsoft.Authorization/*/Write', 'Microsoft.Authorization/write'), true);
});

test('/*/ inside a segment name is not a zero-segment wildcard', () => {
  // `ab*/c` is a plain wildcard: it requires the `ab` prefix in the same segment.
  assert.equal(actionMatches('x/ab*/c', 'x/c'), false);
  assert.equal(actionMatches('x/ab*/c', 'x/abz/c'), true);
});

test('\\* is a literal star', () => {
  assert.equal(actionMatches('a/\\*/b', 'a/*/b'), true);
  assert.equal(actionMatches('a/\\*/b', 'a/x/b'), false);
  assert.equal(actionMatches('a/\\*/b', 'a/b'), false);
  assert.equal(actionPatternToRegexSource('a/*/b'), '^a/(?:.*/)?b$');
});

test('anyActionMatches ORs over the patterns', () => {
  assert.equal(anyActionMatches(['a/read', 'b/*'], 'B/x'), true);
  assert.equal(anyActionMatches(['a/read', 'b/*'], 'c/x'), false);
  assert.equal(anyActionMatches([], 'c/x'), false);
});
