import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileCondition, evaluateCondition } from './condition.js';

const BLOB_READ = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read';
const BLOB_WRITE = 'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write';
const CONTAINER = '@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]';
const PATH = '@Resource[Microsoft.Storage/storageAccounts/blobServices/containers/blobs:path]';

const containerOnly = `(
  (
    !(ActionMatches{'${BLOB_READ}'})
  )
  OR
  (
    ${CONTAINER} StringEquals 'blobs-example-container'
  )
)`;

test('the documented container-name condition', () => {
  const inContainer = { [CONTAINER]: 'blobs-example-container' };
  assert.equal(evaluateCondition(containerOnly, { action: BLOB_READ, attributes: inContainer }), true);
  assert.equal(evaluateCondition(containerOnly, { action: BLOB_READ, attributes: { [CONTAINER]: 'other' } }), false);
  // Another action is not targeted by the condition: allowed.
  assert.equal(evaluateCondition(containerOnly, { action: BLOB_WRITE, attributes: { [CONTAINER]: 'other' } }), true);
  // The attribute is missing: the comparison is false.
  assert.equal(evaluateCondition(containerOnly, { action: BLOB_READ }), false);
});

test('the read-only-path condition with SubOperationMatches', () => {
  const c = `((!(ActionMatches{'${BLOB_READ}'} AND NOT SubOperationMatches{'Blob.List'})) OR (${CONTAINER} StringEquals 'c1' AND ${PATH} StringLike 'readonly/*'))`;
  const attrs = (container: string, path: string) => ({ [CONTAINER]: container, [PATH]: path });
  assert.equal(evaluateCondition(c, { action: BLOB_READ, attributes: attrs('c1', 'readonly/a.txt') }), true);
  assert.equal(evaluateCondition(c, { action: BLOB_READ, attributes: attrs('c1', 'secret/a.txt') }), false);
  assert.equal(evaluateCondition(c, { action: BLOB_READ, attributes: attrs('c2', 'readonly/a.txt') }), false);
  // Listing is exempted by the sub-operation clause.
  assert.equal(evaluateCondition(c, { action: BLOB_READ, subOperation: 'Blob.List', attributes: attrs('c2', 'x') }), true);
});

test('&&, ||, ! and precedence (AND binds tighter than OR)', () => {
  const a = { '@Request[x]': 'a' };
  assert.equal(evaluateCondition(`@Request[x] StringEquals 'b' || @Request[x] StringEquals 'a' && @Request[x] StringEquals 'a'`, { action: 'x', attributes: a }), true);
  assert.equal(evaluateCondition(`(@Request[x] StringEquals 'b' || @Request[x] StringEquals 'a') && !(@Request[x] StringEquals 'a')`, { action: 'x', attributes: a }), false);
});

test('string operator variants', () => {
  const ctx = { action: 'x', attributes: { '@Resource[n]': 'Logs/2024/a.txt' } };
  const ev = (expr: string) => evaluateCondition(`@Resource[n] ${expr}`, ctx);
  assert.equal(ev(`StringEquals 'logs/2024/a.txt'`), false);
  assert.equal(ev(`StringEqualsIgnoreCase 'logs/2024/a.txt'`), true);
  assert.equal(ev(`StringNotEquals 'other'`), true);
  assert.equal(ev(`StringNotEquals 'Logs/2024/a.txt'`), false);
  assert.equal(ev(`StringStartsWith 'Logs/'`), true);
  assert.equal(ev(`StringStartsWith 'logs/'`), false);
  assert.equal(ev(`StringStartsWithIgnoreCase 'logs/'`), true);
  assert.equal(ev(`StringNotStartsWith 'Logs/'`), false);
  assert.equal(ev(`StringLike 'Logs/*/?.txt'`), true);
  assert.equal(ev(`StringLike 'Logs/*/??.txt'`), false);
  assert.equal(ev(`StringNotLike 'x*'`), true);
  assert.equal(ev(`StringEquals {'a', 'Logs/2024/a.txt'}`), true);
});

test('StringLike escapes', () => {
  const ctx = (v: string) => ({ action: 'x', attributes: { '@Resource[n]': v } });
  assert.equal(evaluateCondition(`@Resource[n] StringLike 'a\\*'`, ctx('a*')), true);
  assert.equal(evaluateCondition(`@Resource[n] StringLike 'a\\*'`, ctx('ab')), false);
});

test('GuidEquals with a quantifier over a set of dash-less GUIDs', () => {
  const key = '@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId]';
  const c = `${key} ForAnyOfAnyValues:GuidEquals{4bad4d9e2a13488894bbc8432f6f3040, 2a2b99086ea14ae28e65a410df84e7d1}`;
  assert.equal(evaluateCondition(c, { action: 'x', attributes: { [key]: '2A2B9908-6EA1-4AE2-8E65-A410DF84E7D1' } }), true);
  assert.equal(evaluateCondition(c, { action: 'x', attributes: { [key]: 'acdd72a7-3385-48ef-bd42-f606fba81ae7' } }), false);
  const all = `${key} ForAllOfAllValues:GuidNotEquals{4bad4d9e2a13488894bbc8432f6f3040}`;
  assert.equal(evaluateCondition(all, { action: 'x', attributes: { [key]: 'acdd72a7-3385-48ef-bd42-f606fba81ae7' } }), true);
});

test('numeric and bool operators', () => {
  const ctx = { action: 'x', attributes: { '@Request[n]': '42', '@Request[b]': 'True' } };
  assert.equal(evaluateCondition(`@Request[n] NumericGreaterThan 41`, ctx), true);
  assert.equal(evaluateCondition(`@Request[n] NumericLessThanEquals 41`, ctx), false);
  assert.equal(evaluateCondition(`@Request[n] NumericNotEquals 42`, ctx), false);
  assert.equal(evaluateCondition(`@Request[b] BoolEquals true`, ctx), true);
});

test('attribute names match case-insensitively', () => {
  const ctx = { action: 'x', attributes: { '@resource[microsoft.storage/storageaccounts/blobservices/containers:name]': 'c' } };
  assert.equal(evaluateCondition(`${CONTAINER} StringEquals 'c'`, ctx), true);
});

test('unparseable or unsupported conditions fail to compile and never hold', () => {
  for (const bad of [
    '',
    '(',
    `${CONTAINER} StringEquals`,
    `${CONTAINER} Frobnicate 'x'`,
    `${CONTAINER} StringEquals 'x' AND`,
    `ActionMatches{'x'`,
    `'unterminated`,
    `@Request[x] ForSomeValues:StringEquals 'x'`,
    `a & b`,
  ]) {
    const c = compileCondition(bad);
    assert.equal(c.ok, false, bad);
    assert.equal(evaluateCondition(bad, { action: 'x', attributes: { [CONTAINER]: 'x', '@Request[x]': 'x' } }), false, bad);
  }
});
