import { test } from 'node:test';
import assert from 'node:assert/strict';
import { moduleForPackage, parseCondaFile } from './conda-deps.js';

const SAMPLE = `name: model-env
channels:
  - conda-forge
dependencies:
  - python=3.12
  - numpy=2.3.1
  - pip=25.1.1
  - scikit-learn=1.7.0
  - scipy=1.16.0
  - conda-forge::pandas>=2.0
  - pip:
    - azureml-inference-server-http
    - inference-schema[numpy-support]==1.8.0
    - joblib==1.5.1
    - azure-storage-blob==12.25.1
    - azure-identity==1.23.0
    - --extra-index-url https://example.invalid/simple
`;

test('conda file: packages become modules with their pins; python, pip and host-provided packages are set apart', () => {
  const r = parseCondaFile(SAMPLE);
  assert.equal(r.python, '3.12');
  assert.deepEqual(
    r.requirements.map((q) => [q.package, q.module, q.op, q.version, q.source]),
    [
      ['numpy', 'numpy', '=', '2.3.1', 'conda'],
      ['scikit-learn', 'sklearn', '=', '1.7.0', 'conda'],
      ['scipy', 'scipy', '=', '1.16.0', 'conda'],
      ['pandas', 'pandas', '>=', '2.0', 'conda'],
      ['joblib', 'joblib', '==', '1.5.1', 'pip'],
      ['azure-storage-blob', 'azure.storage.blob', '==', '12.25.1', 'pip'],
      ['azure-identity', 'azure.identity', '==', '1.23.0', 'pip'],
    ],
  );
  assert.deepEqual(r.provided, ['azureml-inference-server-http', 'inference-schema']);
  assert.ok(r.skipped.includes('pip=25.1.1'));
  assert.ok(r.skipped.some((s) => s.startsWith('--extra-index-url')));
});

test('conda file: module names of common packages; JSON conda files; errors', () => {
  assert.equal(moduleForPackage('PyYAML'), 'yaml');
  assert.equal(moduleForPackage('azureml-core'), 'azureml.core');
  assert.equal(moduleForPackage('azure_keyvault_secrets'), 'azure.keyvault.secrets');
  assert.equal(moduleForPackage('python-dateutil'), 'dateutil');
  assert.equal(moduleForPackage('typing-extensions'), 'typing_extensions');
  const j = parseCondaFile(JSON.stringify({ dependencies: ['python=3.11', { pip: ['requests>=2'] }] }));
  assert.deepEqual(j.requirements.map((q) => q.module), ['requests']);
  assert.deepEqual(parseCondaFile('name: x').requirements, []);
  assert.throws(() => parseCondaFile('dependencies: 3'), /not a list/);
  assert.throws(() => parseCondaFile('dependencies: [a'), /not valid YAML/);
});
