import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Router } from './router.js';
import type { Operation } from './operation.js';

const op = (id: string, method: Operation['method'], path: string): Operation => ({ id, method, path, handler: () => ({ status: 200 }) });

test('matches case-insensitively, keeps parameter casing, ignores trailing slash', () => {
  const r = new Router([op('rg.get', 'GET', '/subscriptions/{sub}/resourceGroups/{rg}')]);
  const m = r.match('GET', '/SUBSCRIPTIONS/abc/resourcegroups/My-RG/');
  assert.equal(m.match?.op.id, 'rg.get');
  assert.deepEqual(m.match?.params, { sub: 'abc', rg: 'My-RG' });
});

test('literal segments win over parameters; rest captures the remainder', () => {
  const r = new Router([
    op('generic', 'GET', '/subscriptions/{sub}/{*rest}'),
    op('groups', 'GET', '/subscriptions/{sub}/resourcegroups'),
  ]);
  assert.equal(r.match('GET', '/subscriptions/s/resourceGroups').match?.op.id, 'groups');
  const g = r.match('GET', '/subscriptions/s/a/b%20c');
  assert.equal(g.match?.op.id, 'generic');
  assert.equal(g.match?.params.rest, 'a/b c');
});

test('reports a method mismatch and lets HEAD fall back to GET', () => {
  const r = new Router([op('x', 'PUT', '/a/{b}'), op('y', 'GET', '/c')]);
  assert.equal(r.match('GET', '/a/1').methodNotAllowed, true);
  assert.equal(r.match('HEAD', '/c').match?.op.id, 'y');
  assert.equal(r.match('GET', '/nope').match, undefined);
});

test('segment counts must agree unless a rest parameter ends the template', () => {
  const r = new Router([op('root', 'GET', '/'), op('two', 'GET', '/a/{b}'), op('rest', 'GET', '/files/{*path}')]);
  assert.equal(r.match('GET', '/').match?.op.id, 'root');
  assert.equal(r.match('GET', '/a/1').match?.op.id, 'two');
  assert.equal(r.match('GET', '/a/1/2').match, undefined);
  assert.equal(r.match('GET', '/a').match, undefined);
  assert.deepEqual(r.match('GET', '/files').match?.params, { path: '' });
  assert.deepEqual(r.match('GET', '//files//x/%zz/').match?.params, { path: 'x/%zz' });
});
