import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scriptDir, startTestPool } from './testing/test-launcher.js';
import { send } from './testing/http-send.js';
import { InstanceStartError } from './worker-instance.js';
import { pythonInterpreter } from './host-assets.js';

const havePython = existsSync(pythonInterpreter()) || pythonInterpreter() === 'python3';

const SCORE = `
import json, logging, os
from azureml_inference_server_http.api.aml_request import rawhttp
from azureml_inference_server_http.api.aml_response import AMLResponse

def init():
    global factor
    factor = int(os.environ.get("FACTOR", "1"))
    print("init done", factor)
    logging.info("root logger line")

def run(raw_data, request_headers):
    data = json.loads(raw_data)
    if data.get("fail"):
        raise ValueError("bad input")
    print("scoring", data["data"])
    return {"result": [x * factor for x in data["data"]], "trace": request_headers.get("X-Trace")}
`;

const RAW = `
from azureml.contrib.services.aml_request import rawhttp
from azureml_inference_server_http.api.aml_response import AMLResponse

def init():
    pass

@rawhttp
def run(request):
    if request.method == "GET":
        return AMLResponse({"q": request.args.get("q")}, 201, {"X-Custom": "yes"}, json_str=True)
    return AMLResponse(request.get_data(as_text=True).upper(), 400)
`;

test('Python host: init/run, request_headers, print and root logger in the logs, errors, swagger', { skip: !havePython && 'no python3', timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.py': SCORE });
  const p = await startTestPool(dir, 'score.py', { env: { FACTOR: '3' } });
  try {
    const port = p.pool.instances[0].port;
    const health = await send(port, 'GET', '/');
    assert.equal(health.status, 200);
    assert.equal(health.text, 'Healthy');

    const ok = await send(port, 'POST', '/score', JSON.stringify({ data: [1, 2] }), { 'content-type': 'application/json', 'x-trace': 't1', 'x-request-id': 'rid-1' });
    assert.equal(ok.status, 200);
    assert.deepEqual(JSON.parse(ok.text), { result: [3, 6], trace: 't1' });
    assert.equal(ok.headers['x-ms-run-function-failed'], 'False');
    assert.match(String(ok.headers['x-ms-run-fn-exec-ms']), /^\d+\.\d{3}$/);
    assert.equal(ok.headers['x-request-id'], 'rid-1');
    assert.equal(ok.headers['content-type'], 'application/json');

    const bad = await send(port, 'POST', '/score', JSON.stringify({ fail: true }), { 'content-type': 'application/json' });
    assert.equal(bad.status, 500);
    assert.deepEqual(JSON.parse(bad.text), { message: 'An unexpected error occurred in scoring script. Check the logs for more info.' });
    assert.equal(bad.headers['x-ms-run-function-failed'], 'True');

    const form = await send(port, 'POST', '/score', 'data=1', { 'content-type': 'application/x-www-form-urlencoded' });
    assert.equal(form.status, 500, 'a form body reaches run() as an empty string, as with Flask');

    const swagger = await send(port, 'GET', '/swagger.json');
    assert.equal(JSON.parse(swagger.text).swagger, '2.0');
    const badVersion = await send(port, 'GET', '/swagger.json?version=9');
    assert.equal(badVersion.status, 404);
    assert.equal(JSON.parse(badVersion.text).message, 'Swagger version [9] is not valid. Supported versions: [2, 3, 3.1].');
    assert.equal((await send(port, 'GET', '/nope')).status, 404);
    assert.equal((await send(port, 'DELETE', '/score')).status, 405);

    await new Promise((r) => setTimeout(r, 100));
    const logs = p.logs.tail('inference-server', 1000);
    assert.match(logs, /azmlinfsrv\.print - init done 3/);
    assert.match(logs, /root - root logger line/);
    assert.match(logs, /azmlinfsrv\.print - scoring \[1, 2\]/);
    assert.match(logs, /Encountered Exception: Traceback[\s\S]*ValueError: bad input/);
    assert.match(logs, /I \[\d+\] azmlinfsrv - POST \/score 200 /);
  } finally {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Python host: @rawhttp gets the request and AMLResponse sets status, headers and body', { skip: !havePython && 'no python3', timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'raw.py': RAW });
  const p = await startTestPool(dir, 'raw.py');
  try {
    const port = p.pool.instances[0].port;
    const g = await send(port, 'GET', '/score?q=abc');
    assert.equal(g.status, 201);
    assert.deepEqual(JSON.parse(g.text), { q: 'abc' });
    assert.equal(g.headers['x-custom'], 'yes');
    assert.equal(g.headers['content-type'], 'application/json');
    const post = await send(port, 'POST', '/score', 'hello', { 'content-type': 'text/plain' });
    assert.equal(post.status, 400);
    assert.equal(post.text, 'HELLO');
    assert.equal(post.headers['x-ms-run-function-failed'], 'False');
  } finally {
    await p.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Python host: a failing init() fails the start with exit code 3 and the traceback', { skip: !havePython && 'no python3', timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.py': 'def init():\n    raise RuntimeError("cannot load model")\n\ndef run(d):\n    return d\n' });
  try {
    await assert.rejects(startTestPool(dir, 'score.py'), (e: unknown) => {
      assert.ok(e instanceof InstanceStartError);
      assert.equal(e.exitCode, 3);
      assert.match(e.message, /init\(\) failed[\s\S]*RuntimeError: cannot load model/);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('Python host: unimportable conda dependencies fail with the list; version pins only warn', { skip: !havePython && 'no python3', timeout: 30_000 }, async () => {
  const dir = scriptDir({ 'score.py': 'def init():\n    pass\n\ndef run(d):\n    return d\n' });
  const config = join(dir, 'host-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      python: '2.7',
      requirements: [
        { package: 'json-stdlib', module: 'json', op: '==', version: '0.0.1' },
        { package: 'surely-missing-pkg', module: 'surely_missing_pkg' },
        { package: 'azure-nonexistent-thing', module: 'azure.nonexistent.thing' },
      ],
    }),
  );
  try {
    const { hostCommand } = await import('./host-assets.js');
    const { testLauncher } = await import('./testing/test-launcher.js');
    const { ContainerLogs } = await import('./container-logs.js');
    const { WorkerInstance } = await import('./worker-instance.js');
    const host = hostCommand('python', dir, config);
    const logs = new ContainerLogs(Date.now);
    const inst = new WorkerInstance({
      launch: { argv: host.argv, cwd: dir, env: { PATH: process.env.PATH ?? '', ...host.env, AML_APP_ROOT: dir, AZUREML_ENTRY_SCRIPT: 'score.py' }, identities: [], description: 't' },
      startWorkload: testLauncher(),
      logs,
      liveness: { initialDelayMs: 0, periodMs: 60_000, timeoutMs: 500, failureThreshold: 3 },
      readinessTimeoutMs: 15_000,
      maxSockets: 1,
    });
    await assert.rejects(inst.start(), (e: unknown) => {
      assert.ok(e instanceof InstanceStartError);
      assert.equal(e.exitCode, 4);
      assert.deepEqual(e.missingModules?.map((m) => m.module), ['surely_missing_pkg', 'azure.nonexistent.thing']);
      return true;
    });
    const text = logs.tail('inference-server', 100);
    assert.match(text, /W \[\d+\] azmlinfsrv - The environment asks for python=2\.7/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
