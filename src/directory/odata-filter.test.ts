import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFilter, filterProperties, FilterSyntaxError, parseFilter } from './odata-filter.js';

const sp = {
  id: '0a1b2c3d-0000-0000-0000-000000000001',
  appId: 'AAAAAAAA-1111-2222-3333-444444444444',
  displayName: "O'Brien Service",
  servicePrincipalNames: ['aaaaaaaa-1111-2222-3333-444444444444', 'api://obrien'],
  accountEnabled: true,
  tags: [],
  info: { logoUrl: null },
};

const matches = (f: string, o: unknown = sp) => evaluateFilter(parseFilter(f), o);

test('the filters az sends match as the directory does (case-insensitive strings)', () => {
  assert.equal(matches("appId eq 'aaaaaaaa-1111-2222-3333-444444444444'"), true);
  assert.equal(matches("displayName eq 'o''brien service'"), true);
  assert.equal(matches("startswith(displayName,'o''BRIEN')"), true);
  assert.equal(matches("startswith(displayName,'Brien')"), false);
  assert.equal(matches("servicePrincipalNames/any(c:c eq 'API://OBRIEN')"), true);
  assert.equal(matches("servicePrincipalNames/any(c:c eq 'api://other')"), false);
  assert.equal(matches("identifierUris/any(s:s eq 'api://obrien')"), false, 'missing collection matches nothing');
  assert.equal(matches("userPrincipalName eq 'a@b.c'", { userPrincipalName: 'A@B.C' }), true);
  assert.equal(matches(`id eq '${sp.id}'`), true);
});

test('and / or / not / parentheses / in / comparison operators / unquoted literals', () => {
  assert.equal(matches("appId eq 'x' or (accountEnabled eq true and startswith(displayName,'o'))"), true);
  assert.equal(matches("appId eq 'x' or accountEnabled eq true and displayName eq 'nope'"), false, 'and binds tighter than or');
  assert.equal(matches("not (accountEnabled eq false)"), true);
  assert.equal(matches("accountEnabled ne true"), false);
  assert.equal(matches("info/logoUrl eq null"), true);
  assert.equal(matches(`appId eq ${sp.appId}`), true, 'unquoted GUID literal');
  assert.equal(matches("displayName in ('a', 'o''brien service')"), true);
  assert.equal(matches("displayName ge 'n' and displayName lt 'p'"), true);
  assert.equal(matches("n gt 2", { n: 3 }), true);
  assert.equal(matches("n le 2", { n: 3 }), false);
  assert.equal(matches("servicePrincipalNames/all(x:startswith(x,'a'))"), true);
  assert.equal(matches("endswith(displayName,'SERVICE')"), true);
  assert.equal(matches("APPID eq 'aaaaaaaa-1111-2222-3333-444444444444' AND accountEnabled EQ true"), true);
});

test('syntax errors name the position, as Graph does', () => {
  for (const [f, pos] of [
    ["appId eq", 8],
    ["appId eq 'x", 9],
    ["appId = 'x'", 6],
    ["(appId eq 'x'", 13],
    ["appId eq 'x' extra", 13],
    ["startswith(displayName, 3)", 24],
    ["servicePrincipalNames/any(c c eq 'x')", 28],
  ] as const) {
    assert.throws(() => parseFilter(f), (e: unknown) => e instanceof FilterSyntaxError && e.position === pos, f);
  }
  assert.throws(() => parseFilter("appId eq"), { message: "Syntax error at position 8 in 'appId eq'." });
});

test('filterProperties lists the top-level properties, not lambda variables', () => {
  assert.deepEqual(
    filterProperties(parseFilter("servicePrincipalNames/any(c:c eq 'x') and startswith(displayName,'a') or info/logoUrl eq null")),
    ['servicePrincipalNames', 'displayName', 'info'],
  );
});
