/**
 * Seed 001 (compute instances with a managed identity), its commands in the document's order through
 * `cerulean az` / `cerulean compute exec`, with its names (`my-resource-group`, `my-workspace`, `myinstance`), its
 * compute YAML as printed (bare schema URL first line) and its Python snippet. Where the document cannot run as
 * written (`azure ml …`, the snippet's missing `import os`), the test shows the literal failing and the meant text
 * working.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removeHome, startPlatformProcess, type PlatformProcess } from '../../support/platform-process.js';
import { cerulean, json, ok } from '../ml-compute/fixtures/compute-cli.js';

const SNIPPET = `import requests

def get_access_token_msi(resource):
    client_id = os.environ.get("DEFAULT_IDENTITY_CLIENT_ID", None)
    resp = requests.get(f"{os.environ['MSI_ENDPOINT']}?resource={resource}&clientid={client_id}&api-version=2017-09-01", headers={'Secret': os.environ["MSI_SECRET"]})
    resp.raise_for_status()
    return resp.json()["access_token"]

arm_access_token = get_access_token_msi("https://management.azure.com")
`;
/** Shows whose token the snippet got (the document's snippet prints nothing). */
const SHOW_CLAIMS = `
import base64, json
payload = arm_access_token.split(".")[1]
claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
print(json.dumps({"oid": claims["oid"], "appid": claims["appid"], "aud": claims["aud"]}))
`;

let p: PlatformProcess;
let dir: string;
let uai: { id: string; clientId: string; principalId: string };
const az = (...args: string[]) => cerulean(p, ['az', ...args], { cwd: dir });
const scope = ['--resource-group', 'my-resource-group', '--workspace-name', 'my-workspace'];

before(async () => {
  p = await startPlatformProcess();
  dir = mkdtempSync(join(tmpdir(), 'seed-001-'));
  ok(await az('group', 'create', '-n', 'my-resource-group', '-l', 'eastus'));
  ok(await az('ml', 'workspace', 'create', '-n', 'my-workspace', '-g', 'my-resource-group'));
  uai = await json(await az('identity', 'create', '-n', 'ci-user-identity', '-g', 'my-resource-group'));
});

after(async () => {
  await p?.stop();
  if (p) removeHome(p.home);
});

function python(instance: string, code: string) {
  return cerulean(p, ['compute', 'exec', instance, '-g', 'my-resource-group', '-w', 'my-workspace', '--', '/usr/bin/python3', '-c', code]);
}

test('az ml compute create --name myinstance --identity-type SystemAssigned --type ComputeInstance (verbatim)', { timeout: 120_000 }, async () => {
  const created = await json(
    await az('ml', 'compute', 'create', '--name', 'myinstance', '--identity-type', 'SystemAssigned', '--type', 'ComputeInstance', '--resource-group', 'my-resource-group', '--workspace-name', 'my-workspace'),
  );
  assert.equal(created.type, 'computeinstance');
  assert.equal(created.identity.type, 'system_assigned');
  const principalId = created.identity.principal_id;

  // "The name of the created system managed identity will be in the format /workspace-name/computes/compute-instance-name".
  const sp = await json(await az('ad', 'sp', 'show', '--id', principalId));
  assert.equal(sp.displayName, '/my-workspace/computes/myinstance');
  const found = await json(await az('ad', 'sp', 'list', '--display-name', '/my-workspace/computes/myinstance'));
  assert.deepEqual(found.map((s: any) => s.id), [principalId]);

  // The snippet as printed uses os without importing it; with the import a reader adds, it gets the instance's token.
  const literal = await python('myinstance', SNIPPET);
  assert.notEqual(literal.code, 0);
  assert.match(literal.stderr, /NameError: name 'os' is not defined/);
  const claims = JSON.parse(ok(await python('myinstance', `import os\n${SNIPPET}${SHOW_CLAIMS}`)).trim());
  assert.equal(claims.oid, principalId);
  assert.equal(claims.appid, sp.appId);
  assert.equal(claims.aud, 'https://management.azure.com');
  ok(await az('ml', 'compute', 'delete', '--name', 'myinstance', '--yes', ...scope));
});

test('azure ml compute create --file compute.yaml (the typo) fails; az ml compute create with the YAML as printed works', { timeout: 120_000 }, async () => {
  // The document's compute.yaml: first line a bare schema URL, identity_resource_id filled in.
  writeFileSync(
    join(dir, 'compute.yaml'),
    `https://azuremlschemas.azureedge.net/latest/computeInstance.schema.json\nname: myinstance\ntype: computeinstance\nidentity:\n  type: user_assigned\n  user_assigned_identities: \n    - resource_id: ${uai.id}\n`,
  );
  const typo = await cerulean(p, ['azure', 'ml', 'compute', 'create', '--file', 'compute.yaml', ...scope], { cwd: dir });
  assert.equal(typo.code, 2);
  assert.match(typo.stderr, /'azure' is misspelled or not recognized/);

  const r = await az('ml', 'compute', 'create', '--file', 'compute.yaml', ...scope);
  const created = JSON.parse(ok(r));
  assert.match(r.stderr, /WARNING: compute\.yaml:1: .*\$schema: https:\/\/azuremlschemas\.azureedge\.net\/latest\/computeInstance\.schema\.json/);
  assert.equal(created.name, 'myinstance');
  assert.equal(created.identity.type, 'user_assigned');
  assert.deepEqual(created.identity.user_assigned_identities, [{ client_id: uai.clientId, principal_id: uai.principalId, resource_id: uai.id }]);
  const claims = JSON.parse(ok(await python('myinstance', `import os\n${SNIPPET}${SHOW_CLAIMS}`)).trim());
  assert.equal(claims.oid, uai.principalId);
  assert.equal(claims.appid, uai.clientId);
});
