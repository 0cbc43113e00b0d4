import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from '../errors.js';
import { onlineDeploymentSchema } from './deployment-schema.js';
import { onlineEndpointSchema } from './endpoint-schema.js';
import { loadSpec } from './load-spec.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const DEPLOYMENT = `$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineDeployment.schema.json
name: blue
model:
  path: ../../model-1/model/
code_configuration:
  code: ../../model-1/onlinescoring/
  scoring_script: score_managedidentity.py
environment:
  conda_file: ../../model-1/environment/conda-managedidentity.yaml
  image: mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:latest
instance_type: Standard_DS3_v2
instance_count: 1
environment_variables:
  STORAGE_ACCOUNT_NAME: "storage_place_holder"
  FILE_NAME: "file_place_holder"
`;

function write(name: string, text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ml-yaml-'));
  writeFileSync(join(dir, name), text);
  return { dir, file: name };
}

function errorText(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CliError, String(e));
    return [e.message, ...e.detailLines].join('\n');
  }
  assert.fail('expected an error');
}

test('loads the sample deployment with --set and name overrides', () => {
  const { dir, file } = write('2-sai-deployment.yml', DEPLOYMENT);
  const { spec, baseDir } = loadSpec(onlineDeploymentSchema, {
    file,
    cwd: dir,
    set: ['environment_variables.STORAGE_ACCOUNT_NAME=acct1', 'environment_variables.NEW=x'],
    params: { name: 'blue', endpoint_name: 'endpt-1' },
  });
  assert.equal(baseDir, dir);
  assert.equal(spec.endpoint_name, 'endpt-1');
  assert.equal(spec.instance_count, 1);
  assert.deepEqual(spec.environment_variables, { STORAGE_ACCOUNT_NAME: 'acct1', FILE_NAME: 'file_place_holder', NEW: 'x' });
  assert.deepEqual(spec.model, { path: '../../model-1/model/' });
});

test('a string where a number is expected points at file:line:col', () => {
  const { dir, file } = write('deployment.yml', DEPLOYMENT.replace('instance_count: 1', 'instance_count: "one"'));
  const text = errorText(() => loadSpec(onlineDeploymentSchema, { file, cwd: dir, params: { endpoint_name: 'e1' } }));
  assert.equal(text, 'deployment.yml:12:17 instance_count: Invalid input: expected number, received string');
});

test('--set values are coerced where the schema expects numbers', () => {
  const { dir, file } = write('deployment.yml', DEPLOYMENT);
  const { spec } = loadSpec(onlineDeploymentSchema, { file, cwd: dir, set: ['instance_count=3', 'app_insights_enabled=true'], params: { endpoint_name: 'e1' } });
  assert.equal(spec.instance_count, 3);
  assert.equal(spec.app_insights_enabled, true);
  const text = errorText(() => loadSpec(onlineDeploymentSchema, { file, cwd: dir, set: ['instance_count=many'], params: { endpoint_name: 'e1' } }));
  assert.equal(text, 'deployment.yml (--set instance_count) instance_count: Invalid input: expected number, received string');
});

test('unknown keys are rejected with their position and the allowed keys', () => {
  const { dir, file } = write('deployment.yml', DEPLOYMENT.replace('instance_type:', 'instance_typo:').replace('  scoring_script:', '  scoring_scrip:'));
  const text = errorText(() => loadSpec(onlineDeploymentSchema, { file, cwd: dir, params: { endpoint_name: 'e1' } }));
  const lines = text.split('\n');
  assert.equal(lines.length, 3, text);
  assert.equal(lines[0], 'deployment.yml:6:3 code_configuration.scoring_script: Missing data for required field.');
  assert.ok(lines.some((l) => l.replace(/^ERROR: /, '') === 'deployment.yml:7:3 code_configuration.scoring_scrip: Unrecognized key "scoring_scrip". Allowed keys: code, scoring_script'), text);
  const top = lines.find((l) => l.includes('instance_typo'))!;
  assert.match(top, /deployment\.yml:11:1 instance_typo: Unrecognized key "instance_typo"\. Allowed keys: app_insights_enabled, code_configuration, .*instance_count, instance_type, .*/);
  assert.doesNotMatch(top, /provisioning_state|\$schema/);
});

test('bad values inside an inline object union report the object branch', () => {
  const { dir, file } = write('deployment.yml', DEPLOYMENT.replace('  path: ../../model-1/model/', '  path: ../../model-1/model/\n  type: onnx_model'));
  const text = errorText(() => loadSpec(onlineDeploymentSchema, { file, cwd: dir, params: { endpoint_name: 'e1' } }));
  assert.equal(text, 'deployment.yml:5:9 model.type: Invalid option: expected one of "custom_model"|"mlflow_model"|"triton_model"');
});

test('endpoint: indexed --set replaces the UAI placeholder; more than one UAI is refused', () => {
  const yaml = `$schema: x\nname: my-uai-endpoint\nauth_mode: key\nidentity:\n  type: user_assigned\n  user_assigned_identities:\n    - resource_id: user_identity_ARM_id_place_holder\n`;
  const { dir, file } = write('1-uai-create-endpoint.yml', yaml);
  const { spec } = loadSpec(onlineEndpointSchema, { file, cwd: dir, set: ['identity.user_assigned_identities[0].resource_id=/x/uai'], params: { name: 'endpt-uai-1' } });
  assert.equal(spec.name, 'endpt-uai-1');
  assert.deepEqual(spec.identity?.user_assigned_identities, [{ resource_id: '/x/uai' }]);
  const text = errorText(() => loadSpec(onlineEndpointSchema, { file, cwd: dir, set: ['identity.user_assigned_identities[1].resource_id=/y'] }));
  assert.equal(text, '1-uai-create-endpoint.yml:7:5 identity.user_assigned_identities: Only 1 user assigned identity is currently supported');
  const bad = errorText(() => loadSpec(onlineEndpointSchema, { file, cwd: dir, params: { name: '1bad' } }));
  assert.match(bad, /^1-uai-create-endpoint\.yml \(--name\) name: An endpoint name must start with a letter/);
});

test('YAML syntax errors carry their position', () => {
  const { dir, file } = write('e.yml', 'name: a\n  auth_mode: key\n');
  const text = errorText(() => loadSpec(onlineEndpointSchema, { file, cwd: dir }));
  assert.match(text, /^e\.yml:1:7 Nested mappings are not allowed/);
});
