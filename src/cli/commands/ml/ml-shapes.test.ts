import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderResult } from '../../output/print-result.js';
import { deploymentBody, deploymentShape } from './deployment-shape.js';
import { endpointCreateBody, endpointShape, endpointUpdateBody } from './endpoint-shape.js';
import { parseTraffic } from './ml-endpoints.js';
import { durationMs, msToDuration, pascalEnum, snakeEnum } from './ml-wire.js';
import { workspaceShape } from './workspace-shape.js';
import { CliError } from '../../errors.js';

const WS = '/subscriptions/s1/resourceGroups/rg1/providers/Microsoft.MachineLearningServices/workspaces/main';
const UAI = '/subscriptions/s1/resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u1';

test('enum and duration conversions', () => {
  assert.equal(snakeEnum('SystemAssigned'), 'system_assigned');
  assert.equal(snakeEnum('AMLToken'), 'aml_token');
  assert.equal(snakeEnum('Key'), 'key');
  assert.equal(pascalEnum('user_assigned'), 'UserAssigned');
  assert.equal(pascalEnum('aml_token'), 'AMLToken');
  assert.equal(durationMs('PT10S'), 10000);
  assert.equal(durationMs('PT1M0.5S'), 60500);
  assert.equal(durationMs('nope'), undefined);
  assert.equal(msToDuration(5000), 'PT5S');
  assert.equal(msToDuration(500), 'PT0.5S');
});

test('traffic rules parse from one or several arguments', () => {
  assert.deepEqual(parseTraffic(['blue=90 green=10']), { blue: 90, green: 10 });
  assert.deepEqual(parseTraffic(['blue=90', 'green=10']), { blue: 90, green: 10 });
  assert.throws(() => parseTraffic(['blue']), CliError);
});

test('endpoint create body carries the UAI and no traffic; update keeps identity and sets traffic', () => {
  const body = endpointCreateBody({ name: 'e1', auth_mode: 'key', identity: { type: 'user_assigned', user_assigned_identities: [{ resource_id: UAI }] } }, 'eastus');
  assert.deepEqual(body, { location: 'eastus', kind: 'Managed', identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI]: {} } }, tags: {}, properties: { authMode: 'Key' } });
  assert.deepEqual(endpointCreateBody({ name: 'e1' }, 'eastus').identity, { type: 'SystemAssigned' });
  const existing = { location: 'eastus', kind: 'Managed', identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' }, properties: { authMode: 'Key', traffic: {}, scoringUri: 'x' } };
  const upd = endpointUpdateBody(existing, { traffic: { blue: 100 } });
  assert.deepEqual(upd.identity, { type: 'SystemAssigned' });
  assert.deepEqual((upd.properties as Record<string, unknown>).traffic, { blue: 100 });
});

test('endpoint show is snake_case and tsv of identity.principal_id is the bare id', () => {
  const raw = {
    id: `${WS}/onlineEndpoints/e1`,
    name: 'e1',
    location: 'eastus',
    kind: 'Managed',
    identity: { type: 'UserAssigned', userAssignedIdentities: { [UAI]: { principalId: 'p1', clientId: 'c1' } } },
    properties: { authMode: 'AMLToken', scoringUri: 'https://e1.eastus.inference.ml.azure.com/score', swaggerUri: 'https://e1.eastus.inference.ml.azure.com/swagger.json', provisioningState: 'Succeeded', traffic: { blue: 100 }, publicNetworkAccess: 'Enabled' },
  };
  const shape = endpointShape(raw);
  assert.equal(shape.auth_mode, 'aml_token');
  assert.equal(shape.openapi_uri, 'https://e1.eastus.inference.ml.azure.com/swagger.json');
  assert.deepEqual(shape.identity, { type: 'user_assigned', user_assigned_identities: [{ client_id: 'c1', principal_id: 'p1', resource_id: UAI }] });
  assert.equal(renderResult(shape, { output: 'tsv', query: 'provisioning_state' }), 'Succeeded\n');
  assert.equal(renderResult(shape, { output: 'tsv', query: 'identity.user_assigned_identities[0].principal_id' }), 'p1\n');
  assert.equal(renderResult(shape, { output: 'json' }).includes('"resourceGroup": "rg1"'), true);
});

test('deployment body follows the 2024-04-01 REST shape and show converts it back', () => {
  const spec = {
    name: 'blue',
    endpoint_name: 'e1',
    environment: 'azureml:env:1',
    instance_count: 2,
    instance_type: 'Standard_DS3_v2',
    environment_variables: { A: '1' },
    code_configuration: { code: './code', scoring_script: 'score.py' },
    request_settings: { request_timeout_ms: 3000 },
    liveness_probe: { initial_delay: 20 },
  };
  const body = deploymentBody(spec, { model: `${WS}/models/m/versions/1`, codeId: `${WS}/codes/c/versions/1`, environmentId: `${WS}/environments/env/versions/1` }, 'eastus');
  assert.deepEqual(body.sku, { name: 'Default', capacity: 2 });
  const p = body.properties as Record<string, unknown>;
  assert.equal(p.endpointComputeType, 'Managed');
  assert.deepEqual(p.codeConfiguration, { codeId: `${WS}/codes/c/versions/1`, scoringScript: 'score.py' });
  assert.deepEqual(p.requestSettings, { requestTimeout: 'PT3S' });
  assert.deepEqual(p.livenessProbe, { initialDelay: 'PT20S' });
  const shown = deploymentShape({ id: `${WS}/onlineEndpoints/e1/deployments/blue`, name: 'blue', sku: body.sku, properties: { ...p, provisioningState: 'Succeeded', livenessProbe: { initialDelay: 'PT20S', period: 'PT10S', timeout: 'PT2S', successThreshold: 1, failureThreshold: 30 } } });
  assert.equal(shown.endpoint_name, 'e1');
  assert.equal(shown.instance_count, 2);
  assert.equal(shown.environment, `azureml:${WS}/environments/env/versions/1`);
  assert.deepEqual(shown.code_configuration, { code: `${WS}/codes/c/versions/1`, scoring_script: 'score.py' });
  assert.deepEqual(shown.request_settings, { max_concurrent_requests_per_instance: 1, request_timeout_ms: 3000 });
  assert.deepEqual(shown.liveness_probe, { failure_threshold: 30, initial_delay: 20, period: 10, success_threshold: 1, timeout: 2 });
  assert.equal(shown.type, 'managed');
});

test('workspace show prints the ARM ids az ml prints', () => {
  const shape = workspaceShape({
    id: WS,
    name: 'main',
    location: 'eastus',
    identity: { type: 'SystemAssigned', principalId: 'p', tenantId: 't' },
    properties: { storageAccount: '/sa', containerRegistry: '/acr', workspaceId: 'w-guid', mlFlowTrackingUri: 'azureml://x', friendlyName: 'main' },
  });
  assert.equal(renderResult(shape, { output: 'tsv', query: 'container_registry' }), '/acr\n');
  assert.equal(renderResult(shape, { output: 'tsv', query: 'storage_account' }), '/sa\n');
  assert.deepEqual(shape.identity, { type: 'system_assigned', principal_id: 'p', tenant_id: 't' });
  assert.equal(shape.workspace_id, 'w-guid');
  assert.equal(shape.display_name, 'main');
});
