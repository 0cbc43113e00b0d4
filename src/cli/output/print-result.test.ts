import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderResult } from './print-result.js';
import { formatTable } from './table-format.js';
import { formatTsv } from './tsv-format.js';

const identities = [
  {
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    name: 'uai-1',
    location: 'eastus',
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-1',
    clientId: 'c-1',
    principalId: 'p-1',
    tags: {},
  },
  {
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    name: 'uai-2',
    location: 'westus',
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-2',
    clientId: 'c-2',
    principalId: 'p-2',
    tags: {},
  },
];

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

test('json output sorts keys recursively, indents 2 and adds resourceGroup from the id', () => {
  const text = renderResult({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }, { output: 'json' });
  assert.equal(text, '{\n  "a": {\n    "c": null,\n    "d": [\n      1,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  const withRg = JSON.parse(renderResult(clone(identities[0]), { output: 'json' }));
  assert.equal(withRg.resourceGroup, 'rg');
  const group = JSON.parse(renderResult({ id: '/subscriptions/s/resourceGroups/rg1', name: 'rg1' }, { output: 'json' }));
  assert.equal(group.resourceGroup, undefined, 'a resource group id itself gets no resourceGroup (az needs 9 segments)');
});

test("tsv of a filter query prints the bare value: [?name=='x'].clientId", () => {
  assert.equal(renderResult(clone(identities), { output: 'tsv', query: "[?name=='uai-2'].clientId" }), 'c-2\n');
  assert.equal(renderResult(clone(identities), { output: 'tsv', query: "[?name=='none'].clientId" }), '');
});

test("config get shape with defaults[?name == 'workspace'].value", () => {
  const config = {
    defaults: [
      { name: 'group', source: '/h/cli/config', value: 'rg' },
      { name: 'workspace', source: '/h/cli/config', value: 'ws' },
    ],
  };
  assert.equal(renderResult(config, { output: 'tsv', query: "defaults[?name == 'workspace'].value" }), 'ws\n');
});

test('tsv rows: dict values sorted by key, nested dict empty, nested list its length, booleans as Python prints them', () => {
  assert.equal(formatTsv([{ b: 'x', a: true, c: { k: 1 }, d: [1, 2, 3], e: null }]), 'True\tx\t\t3\tNone\n');
  assert.equal(formatTsv(true), 'true\n');
  assert.equal(formatTsv(['a', 'b']), 'a\nb\n');
  assert.equal(formatTsv([['a', 1]]), 'a\t1\n');
});

test('tsv keeps the order of a multiselect hash from --query', () => {
  const text = renderResult(clone(identities), { output: 'tsv', query: '[].{z:name, a:clientId}' });
  assert.equal(text, 'uai-1\tc-1\nuai-2\tc-2\n');
});

test('table output: headers from keys, id/type skipped, widths = header + 2, dashes, trailing blanks stripped', () => {
  const text = formatTable([{ name: 'rg1', location: 'eastus', id: 'x', n: 5 }, { name: 'longer-name', location: 'westus2', n: 10 }], true);
  assert.equal(
    text,
    ['Location      N  Name', '----------  ---  -----------', 'eastus        5  rg1', 'westus2      10  longer-name', ''].join('\n'),
  );
});

test('table output uses the table transformer unless a query is active', () => {
  const groups = [{ id: '/subscriptions/s/resourceGroups/rg1', name: 'rg1', location: 'eastus', properties: { provisioningState: 'Succeeded' } }];
  const transform = (r: unknown) =>
    (r as Array<Record<string, unknown>>).map((g) => ({ Name: g.name, Location: g.location, Status: (g.properties as { provisioningState: string }).provisioningState }));
  assert.equal(
    renderResult(clone(groups), { output: 'table', tableTransform: transform }),
    'Name    Location    Status\n------  ----------  ---------\nrg1     eastus      Succeeded\n',
  );
  assert.equal(renderResult(clone(groups), { output: 'table', tableTransform: transform, query: '[].name' }), 'Result\n--------\nrg1\n');
});

test('yaml output: sorted keys, sequences not indented, null', () => {
  assert.equal(renderResult({ b: [{ y: 1, x: 'a: b' }], a: null }, { output: 'yaml' }), "a: null\nb:\n- x: 'a: b'\n  y: 1\n");
});

test('none prints nothing; null query results print nothing', () => {
  assert.equal(renderResult({ a: 1 }, { output: 'none' }), '');
  assert.equal(renderResult({ a: 1 }, { output: 'json', query: 'missing' }), '');
  assert.equal(renderResult(undefined, { output: 'json' }), '');
  assert.equal(renderResult([], { output: 'json' }), '[]\n');
});

test('an invalid --query is a usage error (exit 2)', () => {
  assert.throws(() => renderResult({ a: 1 }, { output: 'json', query: '[?name==' }), (e: Error & { exitCode?: number }) => e.exitCode === 2);
});
