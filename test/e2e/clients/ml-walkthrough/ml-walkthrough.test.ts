/**
 * The Azure ML sample "access Azure resources from a managed online endpoint with a managed identity", both scripts
 * (deploy-managed-online-endpoint-access-resource-sai.sh and -uai.sh), command by command with their exact flags,
 * queries and `-o tsv` captures, driven through `cerulean az` against a running platform. The scoring script reads a
 * blob with the endpoint's identity in init(): the deployment only succeeds when the identity and its role work.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { removeHome, startPlatformProcess, type PlatformProcess } from '../../../support/platform-process.js';
import { azRunner, capture, missingPrerequisite, prepareSample, type Az } from './walkthrough-support.js';

const missing = missingPrerequisite();
if (missing && process.env.CI) throw new Error(`ml walkthrough prerequisites missing in CI: ${missing}`);
const skip = missing ? `skipped: ${missing}` : false;

const MI = 'endpoints/online/managed/managed-identities';
const REQUEST = 'endpoints/online/model-1/sample-request.json';

describe('Azure ML managed-identity walkthrough through cerulean az', { skip, timeout: 900_000 }, () => {
  let p: PlatformProcess;
  let az: Az;
  let expected: string;
  /** Every command with its output, in order (shown by a failing assertion's context in a debugger). */
  const log: string[] = [];

  before(async () => {
    p = await startPlatformProcess();
    const sample = prepareSample();
    expected = sample.expected;
    az = azRunner(p, sample.cliDir, log);
    // cli/setup.sh's prerequisites: a group, a workspace, and the configured defaults the scripts rely on.
    await az('group', 'create', '--name', 'azureml-examples', '--location', 'eastus', '-o', 'none');
    await az('configure', '--defaults', 'group=azureml-examples', 'workspace=main', 'location=eastus');
    await az('ml', 'workspace', 'create', '--name', 'main', '-o', 'none');
  });

  after(async () => {
    await p?.stop();
    if (p) removeHome(p.home);
  });

  async function checkDeployment(endpoint: string): Promise<void> {
    const logs = (await az('ml', 'online-deployment', 'get-logs', '--endpoint-name', endpoint, '--name', 'blue')).stdout;
    assert.match(logs, /Blob contains: Hello world!/, `get-logs shows the blob read in init():\n${logs}`);
    const invoke = await az('ml', 'online-endpoint', 'invoke', '--name', endpoint, '--request-file', REQUEST);
    assert.equal(invoke.stdout, JSON.stringify(expected) + '\n');
  }

  test('system-assigned identity (SAI script)', async () => {
    const WORKSPACE = await capture(az, 'config', 'get', '--query', "defaults[?name == 'workspace'].value", '-o', 'tsv');
    assert.equal(WORKSPACE, 'main');
    const LOCATION = await capture(az, 'group', 'show', '--query', 'location', '-o', 'tsv');
    assert.equal(LOCATION, 'eastus');
    const TEST_ID = String(10000 + Math.floor(Math.random() * 20000));
    const ENDPOINT_NAME = `endpt-sai-${TEST_ID}`;
    const STORAGE_ACCOUNT_NAME = `oepstorage${TEST_ID}`;
    const STORAGE_CONTAINER_NAME = 'hellocontainer';
    const FILE_NAME = 'hello.txt';

    await az('storage', 'account', 'create', '--name', STORAGE_ACCOUNT_NAME, '--location', LOCATION);
    const storage_id = await capture(az, 'storage', 'account', 'show', '--name', STORAGE_ACCOUNT_NAME, '--query', 'id', '-o', 'tsv');
    assert.match(storage_id, new RegExp(`^/subscriptions/[^/]+/resourceGroups/azureml-examples/providers/Microsoft.Storage/storageAccounts/${STORAGE_ACCOUNT_NAME}$`));
    await az('storage', 'container', 'create', '--account-name', STORAGE_ACCOUNT_NAME, '--name', STORAGE_CONTAINER_NAME);
    await az('storage', 'blob', 'upload', '--account-name', STORAGE_ACCOUNT_NAME, '--container-name', STORAGE_CONTAINER_NAME, '--name', FILE_NAME, '--file', `${MI}/hello.txt`);

    await az('ml', 'online-endpoint', 'create', '--name', ENDPOINT_NAME, '-f', `${MI}/1-sai-create-endpoint.yml`);
    const endpoint_status = await capture(az, 'ml', 'online-endpoint', 'show', '--name', ENDPOINT_NAME, '--query', 'provisioning_state', '-o', 'tsv');
    assert.equal(endpoint_status, 'Succeeded');
    const shown = JSON.parse((await az('ml', 'online-endpoint', 'show', '--name', ENDPOINT_NAME)).stdout);
    assert.equal(shown.name, ENDPOINT_NAME);
    assert.equal(shown.identity.type, 'system_assigned');
    const system_identity = await capture(az, 'ml', 'online-endpoint', 'show', '--name', ENDPOINT_NAME, '--query', 'identity.principal_id', '-o', 'tsv');
    assert.match(system_identity, /^[0-9a-f-]{36}$/);
    await az('role', 'assignment', 'create', '--assignee-object-id', system_identity, '--assignee-principal-type', 'ServicePrincipal', '--role', 'Storage Blob Data Reader', '--scope', storage_id);

    await az(
      'ml', 'online-deployment', 'create', '--endpoint-name', ENDPOINT_NAME, '--all-traffic', '--name', 'blue', '--file', `${MI}/2-sai-deployment.yml`,
      '--set', `environment_variables.STORAGE_ACCOUNT_NAME=${STORAGE_ACCOUNT_NAME}`, `environment_variables.STORAGE_CONTAINER_NAME=${STORAGE_CONTAINER_NAME}`, `environment_variables.FILE_NAME=${FILE_NAME}`,
    );
    const deployment = JSON.parse((await az('ml', 'online-deployment', 'show', '--endpoint-name', ENDPOINT_NAME, '--name', 'blue')).stdout);
    assert.equal(deployment.environment_variables.STORAGE_ACCOUNT_NAME, STORAGE_ACCOUNT_NAME);
    const deploy_status = await capture(az, 'ml', 'online-deployment', 'show', '--endpoint-name', ENDPOINT_NAME, '--name', 'blue', '--query', 'provisioning_state', '-o', 'tsv');
    assert.equal(deploy_status, 'Succeeded');
    const traffic = await capture(az, 'ml', 'online-endpoint', 'show', '--name', ENDPOINT_NAME, '--query', 'traffic.blue', '-o', 'tsv');
    assert.equal(traffic, '100');
    await checkDeployment(ENDPOINT_NAME);

    await az('ml', 'online-endpoint', 'delete', '--name', ENDPOINT_NAME, '--yes');
    await az('storage', 'account', 'delete', '--name', STORAGE_ACCOUNT_NAME, '--yes');
  });

  test('user-assigned identity (UAI script)', async () => {
    const WORKSPACE = await capture(az, 'config', 'get', '--query', "defaults[?name == 'workspace'].value", '-o', 'tsv');
    const LOCATION = await capture(az, 'group', 'show', '--query', 'location', '-o', 'tsv');
    const TEST_ID = String(10000 + Math.floor(Math.random() * 20000));
    const ENDPOINT_NAME = `endpt-uai-${TEST_ID}`;
    const STORAGE_ACCOUNT_NAME = `oepstorage${TEST_ID}`;
    const STORAGE_CONTAINER_NAME = 'hellocontainer';
    const FILE_NAME = 'hello.txt';
    const UAI_NAME = `oep-user-identity-${TEST_ID}`;

    await az('identity', 'create', '--name', UAI_NAME);
    await az('storage', 'account', 'create', '--name', STORAGE_ACCOUNT_NAME, '--location', LOCATION);
    const storage_id = await capture(az, 'storage', 'account', 'show', '--name', STORAGE_ACCOUNT_NAME, '--query', 'id', '-o', 'tsv');
    await az('storage', 'container', 'create', '--account-name', STORAGE_ACCOUNT_NAME, '--name', STORAGE_CONTAINER_NAME);
    await az('storage', 'blob', 'upload', '--account-name', STORAGE_ACCOUNT_NAME, '--container-name', STORAGE_CONTAINER_NAME, '--name', FILE_NAME, '--file', `${MI}/hello.txt`);

    const uai_clientid = await capture(az, 'identity', 'list', '--query', `[?name=='${UAI_NAME}'].clientId`, '-o', 'tsv');
    const uai_principalid = await capture(az, 'identity', 'list', '--query', `[?name=='${UAI_NAME}'].principalId`, '-o', 'tsv');
    const uai_id = await capture(az, 'identity', 'list', '--query', `[?name=='${UAI_NAME}'].id`, '-o', 'tsv');
    assert.match(uai_clientid, /^[0-9a-f-]{36}$/);
    assert.match(uai_principalid, /^[0-9a-f-]{36}$/);
    assert.match(uai_id, new RegExp(`/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${UAI_NAME}$`));
    const container_registry = await capture(az, 'ml', 'workspace', 'show', '--name', WORKSPACE, '--query', 'container_registry', '-o', 'tsv');
    const storage_account = await capture(az, 'ml', 'workspace', 'show', '--name', WORKSPACE, '--query', 'storage_account', '-o', 'tsv');
    assert.match(container_registry, /\/providers\/Microsoft\.ContainerRegistry\/registries\/[^/]+$/);
    assert.match(storage_account, /\/providers\/Microsoft\.Storage\/storageAccounts\/[^/]+$/);

    const assign = (role: string, scope: string) =>
      az('role', 'assignment', 'create', '--assignee-object-id', uai_principalid, '--assignee-principal-type', 'ServicePrincipal', '--role', role, '--scope', scope);
    await assign('Storage Blob Data Reader', storage_id);
    await assign('AcrPull', container_registry);
    await assign('Storage Blob Data Reader', storage_account);

    await az('ml', 'online-endpoint', 'create', '--name', ENDPOINT_NAME, '-f', `${MI}/1-uai-create-endpoint.yml`, '--set', `identity.user_assigned_identities[0].resource_id=${uai_id}`);
    const shown = JSON.parse((await az('ml', 'online-endpoint', 'show', '--name', ENDPOINT_NAME)).stdout);
    assert.equal(shown.identity.type, 'user_assigned');
    assert.equal(shown.identity.user_assigned_identities[0].client_id, uai_clientid);

    await az(
      'ml', 'online-deployment', 'create', '--endpoint-name', ENDPOINT_NAME, '--all-traffic', '--name', 'blue', '-f', `${MI}/2-uai-deployment.yml`,
      '--set', `environment_variables.STORAGE_ACCOUNT_NAME=${STORAGE_ACCOUNT_NAME}`, `environment_variables.STORAGE_CONTAINER_NAME=${STORAGE_CONTAINER_NAME}`,
      `environment_variables.FILE_NAME=${FILE_NAME}`, `environment_variables.UAI_CLIENT_ID=${uai_clientid}`,
    );
    await az('ml', 'online-deployment', 'show', '--endpoint-name', ENDPOINT_NAME, '-n', 'blue');
    const endpoint_status = await capture(az, 'ml', 'online-deployment', 'show', '--endpoint-name', ENDPOINT_NAME, '--name', 'blue', '--query', 'provisioning_state', '-o', 'tsv');
    assert.equal(endpoint_status, 'Succeeded');
    await checkDeployment(ENDPOINT_NAME);

    await az('ml', 'online-endpoint', 'delete', '--name', ENDPOINT_NAME, '--yes');
    await az('storage', 'account', 'delete', '--name', STORAGE_ACCOUNT_NAME, '--yes');
    await az('identity', 'delete', '--name', UAI_NAME);
    const left = await capture(az, 'identity', 'list', '--query', `[?name=='${UAI_NAME}'].id`, '-o', 'tsv');
    assert.equal(left, '');
  });
});
