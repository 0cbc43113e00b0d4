import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import { previewEndpointSchema } from './preview-schema.js';
import { currentCommandLines, mapEndpoint, unmappableMessage } from './preview-map.js';

const UAI_2021 = `
name: my-uai-endpoint
type: online
auth_mode: key
identity:
  type: user_assigned
  user_assigned_identities:
    - resource_id: user_identity_ARM_id_place_holder
traffic:
  blue: 100
deployments:
  - name: blue
    model:
      name: model-1
      version: 1
      local_path: ../../model-1/model/sklearn_regression_model.pkl
    code_configuration:
      code:
        local_path: ../../model-1/onlinescoring/
      scoring_script: score_managedidentity.py
    environment:
      name: env-model1
      version: 1
      path: .
      conda_file: file:../../model-1/environment/conda.yml
      docker:
        image: mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu18.04:20210727.v1
    instance_type: Standard_F2s_v2
    scale_settings:
      scale_type: manual
      instance_count: 1
      min_instances: 1
      max_instances: 2
    environment_variables:
      STORAGE_ACCOUNT_NAME: "storage_place_holder"
`;

const load = (text: string) => previewEndpointSchema.parse(parse(text));

test('the 2021 single-file YAML maps onto today\'s endpoint and deployment documents', () => {
  const m = mapEndpoint(load(UAI_2021));
  assert.deepEqual(m.problems, []);
  assert.deepEqual(m.endpoint, {
    name: 'my-uai-endpoint',
    auth_mode: 'key',
    identity: { type: 'user_assigned', user_assigned_identities: [{ resource_id: 'user_identity_ARM_id_place_holder' }] },
  });
  assert.deepEqual(m.traffic, { blue: 100 });
  assert.equal(m.deployments.length, 1);
  assert.deepEqual(m.deployments[0].data, {
    name: 'blue',
    endpoint_name: 'my-uai-endpoint',
    instance_count: 1,
    model: { name: 'model-1', version: '1', path: '../../model-1/model/sklearn_regression_model.pkl' },
    code_configuration: { code: '../../model-1/onlinescoring/', scoring_script: 'score_managedidentity.py' },
    environment: { image: 'mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu18.04:20210727.v1', conda_file: '../../model-1/environment/conda.yml' },
    environment_variables: { STORAGE_ACCOUNT_NAME: 'storage_place_holder' },
    instance_type: 'Standard_F2s_v2',
  });
  assert.equal(m.deployments[0].notes.length, 2);
  assert.match(m.deployments[0].notes[0], /min_instances\/max_instances not kept/);
  assert.match(m.deployments[0].notes[1], /environment name\/version\/path not kept/);
  assert.deepEqual(currentCommandLines(m, { createEndpoint: true }), [
    'az ml online-endpoint create --name my-uai-endpoint',
    'az ml online-deployment create --endpoint-name my-uai-endpoint --name blue',
    'az ml online-endpoint update --name my-uai-endpoint --traffic "blue=100"',
  ]);
});

test('string references stay references; a Dockerfile build maps to build.path + dockerfile_path', () => {
  const m = mapEndpoint(
    load(`name: ep1\ntype: online\ndeployments:\n  - name: green\n    model: azureml:model-1:2\n    code_configuration:\n      code: azureml:code-1:1\n      scoring_script: score.py\n    environment:\n      docker:\n        build:\n          dockerfile: file:docker/Dockerfile\n    instance_count: 3\n`),
  );
  const d = m.deployments[0].data;
  assert.equal(d.model, 'azureml:model-1:2');
  assert.deepEqual(d.code_configuration, { code: 'azureml:code-1:1', scoring_script: 'score.py' });
  assert.deepEqual(d.environment, { build: { path: 'docker', dockerfile_path: 'Dockerfile' } });
  assert.equal(d.instance_count, 3);
});

test('what has no counterpart is reported with today\'s YAML and commands', () => {
  const m = mapEndpoint(load(UAI_2021.replace('scale_type: manual', 'scale_type: auto')));
  assert.equal(m.problems.length, 1);
  assert.match(m.problems[0], /scale_settings\.scale_type: auto has no counterpart/);
  const msg = unmappableMessage(m, 'endpoint.yml', true);
  assert.equal(msg[0], 'endpoint.yml cannot run as a 2021 preview file:');
  assert.ok(msg.includes('--- blue-deployment.yml'));
  assert.ok(msg.some((l) => l.includes('instance_count: 1') && l.includes('image: mcr.microsoft.com/azureml/openmpi3.1.2-ubuntu18.04:20210727.v1')));
  assert.deepEqual(msg.slice(-3), [
    'az ml online-endpoint create --name my-uai-endpoint --file endpoint.yml',
    'az ml online-deployment create --endpoint-name my-uai-endpoint --name blue --file blue-deployment.yml',
    'az ml online-endpoint update --name my-uai-endpoint --traffic "blue=100"',
  ]);

  const batch = mapEndpoint(load('name: ep2\ntype: batch\n'));
  assert.match(batch.problems[0], /^type: batch: .*az ml batch-endpoint/);
  const k8s = mapEndpoint(load('name: ep3\ntype: online\ntarget: azureml:aks1\n'));
  assert.match(k8s.problems[0], /^target: azureml:aks1: .*kubernetes/);
});
