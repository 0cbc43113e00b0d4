import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlanError, planBuild } from './build-plan.js';

test('an image environment builds on that image into azureml/azureml_<hash>:latest', () => {
  const p = planBuild({ name: 'e', version: '1', image: 'priv00001.azurecr.io/pytorch/pytorch:latest', condaFile: 'dependencies: []' });
  assert.equal(p.base.host, 'priv00001.azurecr.io');
  assert.equal(p.base.repository, 'pytorch/pytorch');
  assert.match(p.repository, /^azureml\/azureml_[0-9a-f]{32}$/);
  assert.equal(p.tag, 'latest');
  assert.equal(p.condaFile, 'dependencies: []');
  const other = planBuild({ name: 'e', version: '2', image: 'priv00001.azurecr.io/pytorch/pytorch:latest' });
  assert.notEqual(other.repository, p.repository, 'the conda file is part of the hash');
  assert.equal(planBuild({ name: 'x', version: '9', image: 'priv00001.azurecr.io/pytorch/pytorch:latest', condaFile: 'dependencies: []' }).repository, p.repository, 'name and version are not');
});

test('a build context builds on its Dockerfile FROM and records the other instructions', () => {
  const p = planBuild({ name: 'e', version: '1', build: { contextUri: 'https://a/b', dockerfilePath: 'Dockerfile' } }, 'FROM priv00001.azurecr.io/base:2\nRUN pip install x\n', 'sha256:1');
  assert.equal(p.base.text, 'priv00001.azurecr.io/base:2');
  assert.deepEqual(p.dockerfile?.instructions.map((i) => i.keyword), ['RUN']);
});

test('missing Dockerfile, nothing to build and Windows are refused', () => {
  assert.throws(() => planBuild({ name: 'e', version: '1', build: { contextUri: 'u', dockerfilePath: 'docker/Dockerfile' } }), (e: unknown) => e instanceof PlanError && /no Dockerfile at 'docker\/Dockerfile'/.test((e as Error).message));
  assert.throws(() => planBuild({ name: 'e', version: '1' }), /neither an image nor a build context/);
  assert.throws(() => planBuild({ name: 'e', version: '1', image: 'a', osType: 'Windows' }), /Windows/);
});
