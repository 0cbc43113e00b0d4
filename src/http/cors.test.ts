import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { applyCors, CORS_EXPOSED_HEADERS, type CorsOutcome } from './cors.js';

const STUDIO = 'https://ml.azure.com';
const LOCAL = 'https://localhost:7490';

interface Sent {
  status: number;
  headers: http.IncomingHttpHeaders;
  outcome: string;
}

/** One request to a server that applies CORS and reports the outcome (in a header, or 299 when it answered itself). */
async function probe(method: string, headers: Record<string, string>, origins: ReadonlySet<string> | undefined = new Set([STUDIO, LOCAL])): Promise<Sent> {
  let outcome: CorsOutcome | undefined;
  const server = http.createServer((req, res) => {
    outcome = applyCors(req, res, origins);
    if (outcome === 'preflight') return;
    res.statusCode = 200;
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as AddressInfo).port;
    const r = await new Promise<{ status: number; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: '/x', headers }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      });
      req.setTimeout(5000, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end();
    });
    return { ...r, outcome: String(outcome) };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test('a preflight from a studio origin is answered 204 with methods, echoed headers and max-age', async () => {
  const r = await probe('OPTIONS', {
    origin: LOCAL,
    'access-control-request-method': 'PUT',
    'access-control-request-headers': 'authorization, content-type, x-ms-version, x-ms-blob-type',
  });
  assert.equal(r.outcome, 'preflight');
  assert.equal(r.status, 204);
  assert.equal(r.headers['access-control-allow-origin'], LOCAL);
  assert.match(String(r.headers.vary), /^Origin\b/);
  assert.match(String(r.headers['access-control-allow-methods']), /\bPUT\b/);
  assert.match(String(r.headers['access-control-allow-methods']), /\bDELETE\b/);
  assert.equal(r.headers['access-control-allow-headers'], 'authorization, content-type, x-ms-version, x-ms-blob-type');
  assert.equal(r.headers['access-control-max-age'], '600');
  assert.equal(r.headers['access-control-allow-private-network'], undefined);
});

test('a preflight asking for private network access gets it; malformed requested headers are not echoed', async () => {
  const r = await probe('OPTIONS', {
    origin: STUDIO,
    'access-control-request-method': 'GET',
    'access-control-request-headers': 'authorization; x',
    'access-control-request-private-network': 'true',
  });
  assert.equal(r.status, 204);
  assert.equal(r.headers['access-control-allow-private-network'], 'true');
  assert.equal(r.headers['access-control-allow-headers'], undefined);
});

test('an actual request from a studio origin carries allow-origin, Vary and the exposed headers', async () => {
  const r = await probe('GET', { origin: STUDIO });
  assert.equal(r.outcome, 'allowed');
  assert.equal(r.status, 200);
  assert.equal(r.headers['access-control-allow-origin'], STUDIO);
  assert.equal(r.headers.vary, 'Origin');
  const exposed = String(r.headers['access-control-expose-headers']).split(/,\s*/).map((h) => h.toLowerCase());
  for (const h of ['x-ms-request-id', 'etag', 'content-range', 'azureml-model-deployment', 'www-authenticate', 'docker-content-digest', 'x-ms-error-code']) {
    assert.ok(exposed.includes(h), h);
  }
  assert.deepEqual(exposed, CORS_EXPOSED_HEADERS.map((h) => h.toLowerCase()));
});

test('other origins get no CORS header, and their preflights are refused to the caller', async () => {
  const actual = await probe('GET', { origin: 'https://evil.example' });
  assert.equal(actual.outcome, 'foreign');
  assert.equal(actual.headers['access-control-allow-origin'], undefined);
  assert.equal(actual.headers['access-control-expose-headers'], undefined);
  const pre = await probe('OPTIONS', { origin: 'https://evil.example', 'access-control-request-method': 'GET' });
  assert.equal(pre.outcome, 'preflight-refused');
  assert.equal(pre.headers['access-control-allow-origin'], undefined);
  // A near miss is another origin (scheme, port and case matter).
  for (const origin of ['http://ml.azure.com', 'https://ml.azure.com:444', 'https://ML.azure.com', 'null']) {
    assert.equal((await probe('GET', { origin })).headers['access-control-allow-origin'], undefined, origin);
  }
});

test('no Origin header: nothing is added, OPTIONS without a requested method is not a preflight', async () => {
  const plain = await probe('GET', {});
  assert.equal(plain.outcome, 'none');
  assert.equal(plain.headers['access-control-allow-origin'], undefined);
  const opt = await probe('OPTIONS', { origin: STUDIO });
  assert.equal(opt.outcome, 'allowed');
  assert.equal(opt.status, 200);
  const none = await probe('GET', { origin: STUDIO }, new Set());
  assert.equal(none.outcome, 'foreign');
});
