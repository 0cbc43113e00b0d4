import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderResult } from '../../output/print-result.js';
import { identityShape } from './identity-shape.js';
import { storageAccountShape } from '../storage/account-shape.js';

const UAI = '/subscriptions/s1/resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u1';

test('identity output is az camelCase with flattened properties', () => {
  const raw = { id: UAI, name: 'u1', type: 'Microsoft.ManagedIdentity/userAssignedIdentities', location: 'eastus', tags: {}, properties: { tenantId: 't', principalId: 'p', clientId: 'c' } };
  const shape = identityShape(raw);
  assert.deepEqual(Object.keys(shape).sort(), ['clientId', 'id', 'location', 'name', 'principalId', 'tags', 'tenantId', 'type']);
  assert.equal(renderResult([shape], { output: 'tsv', query: "[?name=='u1'].clientId" }), 'c\n');
  assert.equal(renderResult([shape], { output: 'tsv', query: "[?name=='u1'].principalId" }), 'p\n');
  assert.equal(renderResult([shape], { output: 'tsv', query: "[?name=='u1'].id" }), `${UAI}\n`);
  assert.match(renderResult(shape, { output: 'json' }), /"resourceGroup": "rg1"/);
});

test('storage account output flattens properties with the SDK names', () => {
  const shape = storageAccountShape({
    id: '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/a1',
    name: 'a1',
    kind: 'StorageV2',
    sku: { name: 'Standard_RAGRS', tier: 'Standard' },
    properties: { supportsHttpsTrafficOnly: true, networkAcls: { defaultAction: 'Allow' }, primaryEndpoints: { blob: 'https://a1.blob.core.windows.net/' }, provisioningState: 'Succeeded' },
  });
  assert.equal(shape.enableHttpsTrafficOnly, true);
  assert.deepEqual(shape.networkRuleSet, { defaultAction: 'Allow' });
  assert.equal(shape.provisioningState, 'Succeeded');
  assert.equal(shape.secondaryLocation, null);
  assert.equal(renderResult(shape, { output: 'tsv', query: 'id' }), '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/a1\n');
});
