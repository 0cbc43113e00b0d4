import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError } from '../../errors.js';
import { fixBareSchemaLine, loadComputeText } from './compute-yaml.js';
import { computeCreateBody } from './compute-shape.js';

const UAI = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/u1';
// The YAML of the published compute-instance identity doc, first line a bare schema URL.
const SEED = `https://azuremlschemas.azureedge.net/latest/computeInstance.schema.json
name: myinstance
type: computeinstance
identity:
  type: user_assigned
  user_assigned_identities: 
    - resource_id: ${UAI}
`;

function cliError(fn: () => unknown): CliError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CliError) return e;
    throw e;
  }
  throw new Error('expected a CliError');
}

test('a bare schema URL first line is read as $schema, with a warning showing the corrected line', () => {
  const { spec, warnings } = loadComputeText(SEED, 'compute.yaml', {});
  assert.equal(spec.$schema, 'https://azuremlschemas.azureedge.net/latest/computeInstance.schema.json');
  assert.equal(spec.name, 'myinstance');
  assert.deepEqual(spec.identity, { type: 'UserAssigned', user_assigned_identities: [{ resource_id: UAI }] });
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /^compute\.yaml:1: /);
  assert.ok(warnings[0].includes("'$schema: https://azuremlschemas.azureedge.net/latest/computeInstance.schema.json'"));
  const body = computeCreateBody(spec, 'eastus');
  assert.deepEqual(body.identity, { type: 'UserAssigned', userAssignedIdentities: { [UAI]: {} } });
  assert.equal((body.properties as any).computeType, 'ComputeInstance');
});

test('only azuremlschemas URLs are rewritten; a proper $schema line gives no warning', () => {
  assert.equal(fixBareSchemaLine('https://example.com/x.schema.json\nname: a\n', 'f.yml').warning, undefined);
  assert.equal(fixBareSchemaLine('$schema: https://azuremlschemas.azureedge.net/latest/computeInstance.schema.json\nname: a\n', 'f.yml').warning, undefined);
  const { text } = fixBareSchemaLine('# comment\nhttps://azuremlschemasprod.azureedge.net/latest/computeInstance.schema.json\r\nname: a\n', 'f.yml');
  assert.equal(text.split('\n')[1], '$schema: https://azuremlschemasprod.azureedge.net/latest/computeInstance.schema.json\r');
});

test('enum values in the spellings az ml accepts', () => {
  for (const [type, identity, want] of [
    ['ComputeInstance', 'SystemAssigned', 'SystemAssigned'],
    ['computeinstance', 'system_assigned', 'SystemAssigned'],
    ['COMPUTEINSTANCE', 'none', 'None'],
  ]) {
    const { spec } = loadComputeText(undefined, undefined, { name: 'ci1', type, identityType: identity });
    assert.equal(spec.type, 'computeinstance');
    assert.equal(spec.identity?.type, want);
  }
  const { spec } = loadComputeText(undefined, undefined, { name: 'ci1', type: 'ComputeInstance', identityType: 'UserAssigned', userAssignedIdentities: [`${UAI},${UAI}2`] });
  assert.deepEqual(spec.identity?.user_assigned_identities, [{ resource_id: UAI }, { resource_id: `${UAI}2` }]);
});

test('custom_applications is refused with its file position, before anything else', () => {
  const yaml = `name: ci1\ntype: computeinstance\ncustom_applications:\n  - name: rstudio\n    type: docker\n`;
  const e = cliError(() => loadComputeText(yaml, 'ci.yml', {}));
  assert.match(e.message, /^ci\.yml:3:\d+ custom_applications: /);
  assert.match(e.message, /no container engine/);
});

test('other errors name file:line:col: unknown keys, wrong types, other compute types, user_assigned without ids', () => {
  assert.match(cliError(() => loadComputeText('name: ci1\ntype: computeinstance\nsizes: big\n', 'c.yml', {})).message, /^c\.yml:3:1 sizes: Unrecognized key "sizes"/);
  assert.match(cliError(() => loadComputeText('name: ci1\ntype: computeinstance\nssh_public_access_enabled: maybe\n', 'c.yml', {})).message, /^c\.yml:3:\d+ ssh_public_access_enabled: /);
  assert.match(cliError(() => loadComputeText('name: ci1\ntype: amlcompute\n', 'c.yml', {})).message, /^c\.yml:2:7 type: .*compute instances only/);
  assert.match(cliError(() => loadComputeText('name: ci1\ntype: computeinstance\nidentity:\n  type: user_assigned\n', 'c.yml', {})).message, /^c\.yml:4:\d+ identity\.user_assigned_identities/);
  assert.match(cliError(() => loadComputeText('name: ci1\n  type: [\n', 'c.yml', {})).message, /^c\.yml:\d+:\d+ /);
});
