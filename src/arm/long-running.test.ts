import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startArmHarness, TEST_SUBSCRIPTION, type ArmHarness } from './arm-test-harness.js';
import { ApiError } from '../shared/errors.js';
import { operationStatusPath, startLongRunning, beginOperation } from './long-running.js';
import type { ArmProvider } from './arm-provider.js';

const SUB = `/subscriptions/${TEST_SUBSCRIPTION}`;
let h: ArmHarness;
let release: () => void = () => undefined;

before(async () => {
  const jobs: ArmProvider = {
    namespace: 'Microsoft.Test',
    operations: [
      {
        id: 'Jobs_Run',
        method: 'POST',
        path: '/subscriptions/{subscriptionId}/providers/Microsoft.Test/jobs/{name}/run',
        apiVersions: ['2024-01-01'],
        resourceType: 'Microsoft.Test/jobs',
        handler: (rc) => {
          const name = rc.params.name;
          const gate = new Promise<void>((resolve) => (release = resolve));
          const reply = startLongRunning(
            h.ctx,
            rc,
            async () => {
              await gate;
              if (name === 'bad') throw new ApiError(409, 'JobFailed', 'The job failed.');
              return { status: 200, body: { name, done: true } };
            },
            { subscriptionId: TEST_SUBSCRIPTION, statusPath: (op) => operationStatusPath(TEST_SUBSCRIPTION, op) },
          );
          return { status: reply.status, headers: reply.headers };
        },
      },
      {
        id: 'Jobs_Put',
        method: 'PUT',
        path: '/subscriptions/{subscriptionId}/providers/Microsoft.Test/jobs/{name}',
        apiVersions: ['2024-01-01'],
        resourceType: 'Microsoft.Test/jobs',
        handler: (rc) => {
          const op = beginOperation(h.ctx, rc, () => undefined, {
            subscriptionId: TEST_SUBSCRIPTION,
            statusPath: (n) => operationStatusPath(TEST_SUBSCRIPTION, n),
          });
          return { status: 201, headers: { 'Azure-AsyncOperation': op.asyncOperation! }, body: { properties: { provisioningState: 'Creating' } } };
        },
      },
    ],
  };
  h = await startArmHarness({ providers: () => [jobs] });
});
after(() => h.close());

async function get(url: string) {
  const u = new URL(url);
  return h.call('GET', u.pathname + u.search, { token: h.admin.token });
}

test('Location polling: 202 while running, then the final reply; the status resource follows along', async () => {
  const start = await h.call('POST', `${SUB}/providers/Microsoft.Test/jobs/good/run?api-version=2024-01-01`, { token: h.admin.token });
  assert.equal(start.status, 202);
  const location = start.headers.get('location')!;
  const statusUrl = start.headers.get('azure-asyncoperation')!;
  assert.ok(location.includes('/operationresults/'));
  assert.ok(statusUrl.endsWith('?api-version=2024-01-01'));
  const running = await get(location);
  assert.equal(running.status, 202);
  assert.equal(running.headers.get('retry-after'), '1');
  const status = await get(statusUrl);
  assert.equal(status.status, 200);
  assert.equal(status.json.status, 'InProgress');
  release();
  for (let i = 0; i < 100 && (await get(location)).status === 202; i++) await new Promise((r) => setTimeout(r, 5));
  const done = await get(location);
  assert.equal(done.status, 200);
  assert.deepEqual(done.json, { name: 'good', done: true });
  const finished = await get(statusUrl);
  assert.equal(finished.json.status, 'Succeeded');
  assert.ok(finished.json.endTime);
  assert.equal(finished.json.name, new URL(location).pathname.split('/').pop());
});

test('a failed operation: the Location poll answers the error, the status resource carries it', async () => {
  const start = await h.call('POST', `${SUB}/providers/Microsoft.Test/jobs/bad/run?api-version=2024-01-01`, { token: h.admin.token });
  release();
  const location = start.headers.get('location')!;
  let r = await get(location);
  for (let i = 0; i < 100 && r.status === 202; i++) {
    await new Promise((res) => setTimeout(res, 5));
    r = await get(location);
  }
  assert.equal(r.status, 409);
  assert.deepEqual(r.json, { error: { code: 'JobFailed', message: 'The job failed.' } });
  const s = await get(start.headers.get('azure-asyncoperation')!);
  assert.equal(s.json.status, 'Failed');
  assert.deepEqual(s.json.error, { code: 'JobFailed', message: 'The job failed.' });
});

test('PUT-style: Azure-AsyncOperation status resource reaches Succeeded; unknown operations are 404', async () => {
  const put = await h.call('PUT', `${SUB}/providers/Microsoft.Test/jobs/x?api-version=2024-01-01`, { token: h.admin.token, body: {} });
  assert.equal(put.status, 201);
  const url = put.headers.get('azure-asyncoperation')!;
  let s = await get(url);
  for (let i = 0; i < 100 && s.json.status === 'InProgress'; i++) {
    await new Promise((res) => setTimeout(res, 5));
    s = await get(url);
  }
  assert.equal(s.json.status, 'Succeeded');
  assert.deepEqual(Object.keys(s.json).sort(), ['endTime', 'id', 'name', 'percentComplete', 'startTime', 'status']);
  const missing = await h.call('GET', `${SUB}/operationresults/00000000-0000-0000-0000-000000000000?api-version=2021-04-01`, { token: h.admin.token });
  assert.equal(missing.status, 404);
});
