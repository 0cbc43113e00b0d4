import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { Duplex } from 'node:stream';
import { ProxyAgent, request } from 'undici';
import { createForwardProxy, parseAuthority, tunnelInfo } from './proxy.js';
import { loadOrCreateCa, type LocalCa } from './tls/local-ca.js';
import { createSniContexts } from './tls/sni-contexts.js';
import { writeCaBundle } from './tls/ca-bundle.js';

const INFERENCE = /^[a-z0-9-]+\.[a-z0-9-]+\.inference\.ml\.azure\.com$/;
const tlsHost = (h: string) => h === 'management.azure.com' || INFERENCE.test(h);
const IMDS_URL = 'http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F';
const BASIC = 'Basic ' + Buffer.from('workload-1:s3cret').toString('base64');

let root: string;
let ca: LocalCa;
let bundle: string;
let caFile: string;
let proxyUrl: string;
let proxyPort: number;
let remotePort: number;
let remoteConnections = 0;
let dials: string[] = [];
const events: Record<string, unknown>[] = [];
const plainSeen: { url?: string; auth?: string }[] = [];
const servers: { close(): unknown }[] = [];

async function listen(server: net.Server): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return (server.address() as AddressInfo).port;
}

function startProxy(tunnelUnknownHosts: boolean, tlsServer: https.Server) {
  return createForwardProxy({
    isOwnedHost: (h, p) => tlsHost(h) || h === '169.254.169.254' || (h === '127.0.0.1' && p === proxyPort),
    tlsServer,
    plainHandler: (req, res) => {
      plainSeen.push({ url: req.url, auth: req.headers['proxy-authorization'] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url }));
    },
    tunnelUnknownHosts,
    log: (e) => events.push(e),
    dial: (port, host) => (dials.push(`${host}:${port}`), net.connect(port, host)),
  });
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'cerulean-proxy-'));
  ca = await loadOrCreateCa({ caDir: join(root, 'ca'), caCert: join(root, 'ca', 'ca.pem'), caKey: join(root, 'ca', 'key.pem') });
  caFile = join(root, 'ca', 'ca.pem');
  bundle = writeCaBundle(join(root, 'bundle.pem'), ca.certPem);
  const sni = createSniContexts(ca, tlsHost);
  const tlsServer = https.createServer(await sni.serverOptions(), (req, res) => {
    const socket = req.socket as tls.TLSSocket & { servername?: string | false };
    const body = JSON.stringify({ host: req.headers.host, url: req.url, sni: socket.servername, tunnel: tunnelInfo(socket) ?? null });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  tlsServer.on('tlsClientError', () => {});
  const remote = net.createServer((s) => {
    remoteConnections++;
    s.pipe(s); // echo
  });
  remotePort = await listen(remote);
  const proxy = startProxy(false, tlsServer);
  proxyPort = await listen(proxy);
  proxyUrl = `http://127.0.0.1:${proxyPort}`;
});

after(() => {
  for (const s of servers) s.close();
  rmSync(root, { recursive: true, force: true });
});

/** Raw proxy exchange: send `text`, return everything received until the proxy closes or `until` matches. */
function rawExchange(port: number, text: string, until?: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write(text));
    let got = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      got += d;
      if (until?.test(got)) { s.destroy(); resolve(got); }
    });
    s.on('end', () => resolve(got));
    s.on('error', reject);
    s.setTimeout(5000, () => s.destroy(new Error('timeout: ' + JSON.stringify(got))));
  });
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { env, timeout: 20000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }));
  });
}

test('undici ProxyAgent reaches owned hosts; tunnelInfo is visible from the TLS request handler', { timeout: 20000 }, async () => {
  const agent = new ProxyAgent({ uri: proxyUrl, token: BASIC, requestTls: { ca: ca.certPem } });
  try {
    for (const url of ['https://my-ep.eastus.inference.ml.azure.com/score', 'https://management.azure.com/x']) {
      const res = await request(url, { dispatcher: agent, method: url.endsWith('score') ? 'POST' : 'GET', body: url.endsWith('score') ? '{}' : undefined });
      assert.equal(res.statusCode, 200);
      const body = (await res.body.json()) as { host: string; url: string; sni: string; tunnel: unknown };
      const host = new URL(url).hostname;
      assert.equal(body.sni, host);
      assert.equal(body.url, new URL(url).pathname);
      assert.deepEqual(body.tunnel, { host, port: 443, proxyAuthorization: BASIC });
    }
  } finally {
    await agent.close();
  }
});

test('az-style CONNECT (HTTP/1.0, no headers), then TLS to the owned host', { timeout: 20000 }, async () => {
  const sock = net.connect(proxyPort, '127.0.0.1');
  await new Promise<void>((r, j) => { sock.once('connect', r); sock.once('error', j); });
  sock.write('CONNECT management.azure.com:443 HTTP/1.0\r\n\r\n');
  const head = await new Promise<string>((resolve) => sock.once('data', (d: Buffer) => resolve(d.toString('latin1'))));
  assert.equal(head, 'HTTP/1.1 200 Connection Established\r\n\r\n');
  const secure = tls.connect({ socket: sock, servername: 'management.azure.com', ca: ca.certPem });
  await new Promise<void>((r, j) => { secure.once('secureConnect', r); secure.once('error', j); });
  secure.write('GET /subscriptions?api-version=2019-11-01 HTTP/1.1\r\nHost: management.azure.com\r\nConnection: close\r\n\r\n');
  let text = '';
  for await (const chunk of secure) text += chunk;
  assert.match(text, /^HTTP\/1\.1 200 OK/);
  const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { tunnel: unknown; url: string };
  assert.equal(body.url, '/subscriptions?api-version=2019-11-01');
  assert.deepEqual(body.tunnel, { host: 'management.azure.com', port: 443 });
});

/** A stream whose first write (the TLS ClientHello) goes out in the same packet as the CONNECT request. */
function connectWithEarlyData(port: number, connectRequest: string): { stream: Duplex; proxyReply: Promise<string> } {
  const raw = net.connect(port, '127.0.0.1');
  let first = true;
  let header: Buffer | undefined = Buffer.alloc(0);
  let replied!: (text: string) => void;
  const proxyReply = new Promise<string>((r) => (replied = r));
  const stream = new Duplex({
    write(chunk: Buffer, _enc, cb) {
      raw.write(first ? Buffer.concat([Buffer.from(connectRequest, 'latin1'), chunk]) : chunk, cb);
      first = false;
    },
    read() {},
    final(cb) { raw.end(); cb(); },
    destroy(err, cb) { raw.destroy(); cb(err); },
  });
  raw.on('data', (chunk: Buffer) => {
    if (!header) return void stream.push(chunk);
    header = Buffer.concat([header, chunk]);
    const end = header.indexOf('\r\n\r\n');
    if (end < 0) return;
    replied(header.subarray(0, end + 4).toString('latin1'));
    const rest = header.subarray(end + 4);
    header = undefined;
    if (rest.length) stream.push(rest);
  });
  raw.on('end', () => stream.push(null));
  raw.on('error', (e) => stream.destroy(e));
  return { stream, proxyReply };
}

test('bytes sent together with the CONNECT request (head) reach the TLS server', { timeout: 20000 }, async () => {
  const { stream, proxyReply } = connectWithEarlyData(proxyPort, 'CONNECT x1.westus.inference.ml.azure.com:443 HTTP/1.1\r\nHost: x1.westus.inference.ml.azure.com:443\r\n\r\n');
  const secure = tls.connect({ socket: stream, servername: 'x1.westus.inference.ml.azure.com', ca: ca.certPem });
  await new Promise<void>((r, j) => { secure.once('secureConnect', r); secure.once('error', j); });
  assert.equal(await proxyReply, 'HTTP/1.1 200 Connection Established\r\n\r\n');
  secure.end('GET /score HTTP/1.1\r\nHost: x1.westus.inference.ml.azure.com\r\nConnection: close\r\n\r\n');
  let text = '';
  for await (const chunk of secure) text += chunk;
  assert.match(text, /^HTTP\/1\.1 200 OK[\s\S]*"tunnel":\{"host":"x1\.westus\.inference\.ml\.azure\.com","port":443\}/);
});

test('curl through the proxy with --cacert: owned host 200, unknown host refused', { timeout: 30000 }, async () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const ok = await run('curl', ['-sS', '--max-time', '10', '--proxy', proxyUrl, '--proxy-user', 'workload-1:s3cret', '--cacert', caFile,
    'https://my-ep.eastus.inference.ml.azure.com/score'], env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.deepEqual(JSON.parse(ok.stdout).tunnel, { host: 'my-ep.eastus.inference.ml.azure.com', port: 443, proxyAuthorization: BASIC });

  const http10 = await run('curl', ['-sS', '--max-time', '10', '--proxy1.0', `127.0.0.1:${proxyPort}`, '--cacert', caFile,
    'https://management.azure.com/x'], env);
  assert.equal(http10.code, 0, http10.stderr);
  assert.equal(JSON.parse(http10.stdout).url, '/x');

  const imds = await run('curl', ['-sS', '--max-time', '10', '--proxy', proxyUrl, '--proxy-user', 'workload-1:s3cret', '-H', 'Metadata: true', IMDS_URL], env);
  assert.equal(imds.code, 0, imds.stderr);
  assert.equal(JSON.parse(imds.stdout).url, IMDS_URL);

  const before = dials.length;
  const refused = await run('curl', ['-sS', '--max-time', '10', '--proxy', proxyUrl, '--cacert', caFile, 'https://example.com/'], env);
  assert.equal(refused.code, 56);
  assert.match(refused.stderr, /403/);
  assert.equal(dials.length, before);
});

test('unknown hosts get 403 and nothing is dialed', { timeout: 20000 }, async () => {
  dials = [];
  const connects = remoteConnections;
  const refused = await rawExchange(proxyPort, `CONNECT 127.0.0.1:${remotePort} HTTP/1.1\r\nHost: 127.0.0.1:${remotePort}\r\n\r\n`);
  assert.match(refused, /^HTTP\/1\.1 403 Forbidden\r\n/);
  assert.match(refused, new RegExp(`127\\.0\\.0\\.1:${remotePort}: no plane owns this host.*--tunnel-unknown-hosts`));
  const plain = await rawExchange(proxyPort, `GET http://127.0.0.1:${remotePort}/ HTTP/1.1\r\nHost: 127.0.0.1:${remotePort}\r\nConnection: close\r\n\r\n`);
  assert.match(plain, /^HTTP\/1\.1 403 Forbidden\r\n/);
  const example = await rawExchange(proxyPort, 'CONNECT example.com:443 HTTP/1.0\r\n\r\n');
  assert.match(example, /403 Forbidden[\s\S]*Cerulean refuses to connect to example\.com:443/);
  // Owned name, but SNI for an unknown one: the TLS handshake fails.
  const sock = net.connect(proxyPort, '127.0.0.1', () => sock.write('CONNECT management.azure.com:443 HTTP/1.0\r\n\r\n'));
  await new Promise((r) => sock.once('data', r));
  const bad = tls.connect({ socket: sock, servername: 'example.com', ca: ca.certPem });
  await assert.rejects(new Promise((r, j) => { bad.once('secureConnect', r); bad.once('error', j); }));

  await new Promise((r) => setTimeout(r, 50));
  assert.equal(remoteConnections, connects);
  assert.deepEqual(dials, []);
  const refusals = events.filter((e) => e.event === 'proxy.refused');
  assert.ok(refusals.some((e) => e.method === 'CONNECT' && e.host === '127.0.0.1' && e.port === remotePort));
  assert.ok(refusals.some((e) => e.method === 'GET' && e.host === '127.0.0.1'));
});

test('plain absolute-URI IMDS request reaches plainHandler with Proxy-Authorization', { timeout: 20000 }, async () => {
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    http.request({ host: '127.0.0.1', port: proxyPort, path: IMDS_URL, headers: { Metadata: 'true', 'Proxy-Authorization': BASIC } }, resolve)
      .on('error', reject).end();
  });
  assert.equal(res.statusCode, 200);
  res.resume();
  assert.deepEqual(plainSeen.at(-1), { url: IMDS_URL, auth: BASIC });
});

test('origin-form, malformed and bad CONNECT requests', { timeout: 20000 }, async () => {
  const own = await rawExchange(proxyPort, `GET /msi/token?x=1 HTTP/1.1\r\nHost: 127.0.0.1:${proxyPort}\r\nConnection: close\r\n\r\n`);
  assert.match(own, /^HTTP\/1\.1 200/);
  assert.equal(plainSeen.at(-1)?.url, `http://127.0.0.1:${proxyPort}/msi/token?x=1`);
  const stray = await rawExchange(proxyPort, 'GET / HTTP/1.1\r\nHost: somewhere.test\r\nConnection: close\r\n\r\n');
  assert.match(stray, /^HTTP\/1\.1 400 Bad Request[\s\S]*forward proxy/);
  assert.match(await rawExchange(proxyPort, 'GARBAGE\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request/);
  assert.match(await rawExchange(proxyPort, 'CONNECT bad!host:443 HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request/);
  assert.match(await rawExchange(proxyPort, 'CONNECT management.azure.com:99999 HTTP/1.1\r\n\r\n'), /^HTTP\/1\.1 400 Bad Request/);
  const https = await rawExchange(proxyPort, 'GET https://management.azure.com/ HTTP/1.1\r\nHost: management.azure.com\r\nConnection: close\r\n\r\n');
  assert.match(https, /^HTTP\/1\.1 400 [\s\S]*use CONNECT/);
  // The proxy is still alive after all that.
  assert.match(await rawExchange(proxyPort, 'CONNECT example.com:443 HTTP/1.0\r\n\r\n'), /403/);
});

test('tunnelUnknownHosts dials and pipes (CONNECT and plain)', { timeout: 20000 }, async () => {
  const tlsServer = https.createServer();
  const proxy = startProxy(true, tlsServer);
  const port = await listen(proxy);
  dials = [];
  const echoed = await rawExchange(port, `CONNECT 127.0.0.1:${remotePort} HTTP/1.1\r\n\r\nping`, /ping$/);
  assert.equal(echoed, 'HTTP/1.1 200 Connection Established\r\n\r\nping');
  const origin = http.createServer((req, res) => res.end(`origin saw ${req.url} auth=${req.headers['proxy-authorization'] ?? '-'}`));
  const originPort = await listen(origin);
  const fwd = await rawExchange(port, `GET http://127.0.0.1:${originPort}/a?b=1 HTTP/1.1\r\nHost: 127.0.0.1:${originPort}\r\nProxy-Authorization: ${BASIC}\r\nConnection: close\r\n\r\n`);
  assert.match(fwd, /^HTTP\/1\.1 200[\s\S]*origin saw \/a\?b=1 auth=-$/);
  const dead = await rawExchange(port, 'CONNECT 127.0.0.1:1 HTTP/1.1\r\n\r\n');
  assert.match(dead, /^HTTP\/1\.1 502 Bad Gateway/);
  assert.deepEqual(dials, [`127.0.0.1:${remotePort}`, `127.0.0.1:${originPort}`, '127.0.0.1:1']);
});

test('python3-requests through the proxy with REQUESTS_CA_BUNDLE', { timeout: 30000 }, async (t) => {
  const probe = await run('/usr/bin/python3', ['-c', 'import requests'], { PATH: '/usr/bin:/bin' });
  if (probe.code !== 0) {
    t.skip('/usr/bin/python3 has no requests module (apt install python3-requests)');
    return;
  }
  const script = [
    'import json, sys, requests',
    'r = requests.post("https://my-ep.eastus.inference.ml.azure.com/score", json={}, timeout=10)',
    'i = requests.get(sys.argv[1], headers={"Metadata": "true"}, timeout=10)',
    'try:',
    '    requests.get("https://example.com/", timeout=10); refused = "no"',
    'except requests.exceptions.ProxyError as e:',
    '    refused = str(e)',
    'print(json.dumps({"status": r.status_code, "body": r.json(), "imds": i.status_code, "refused": refused}))',
  ].join('\n');
  const scriptFile = join(root, 'probe.py');
  writeFileSync(scriptFile, script);
  const env = { PATH: '/usr/bin:/bin', HTTPS_PROXY: proxyUrl, HTTP_PROXY: proxyUrl, REQUESTS_CA_BUNDLE: bundle };
  const out = await run('/usr/bin/python3', [scriptFile, IMDS_URL], env);
  assert.equal(out.code, 0, out.stderr);
  const result = JSON.parse(out.stdout) as { status: number; body: { tunnel: unknown; sni: string }; imds: number; refused: string };
  assert.equal(result.status, 200);
  assert.equal(result.body.sni, 'my-ep.eastus.inference.ml.azure.com');
  assert.deepEqual(result.body.tunnel, { host: 'my-ep.eastus.inference.ml.azure.com', port: 443 });
  assert.equal(result.imds, 200);
  assert.match(result.refused, /403/);
});

test('parseAuthority', () => {
  assert.deepEqual(parseAuthority('Management.Azure.com:443', 1), { host: 'management.azure.com', port: 443 });
  assert.deepEqual(parseAuthority('[::1]:8443', 1), { host: '::1', port: 8443 });
  assert.deepEqual(parseAuthority('169.254.169.254', 80), { host: '169.254.169.254', port: 80 });
  for (const bad of ['', ':443', 'a:0', 'a:65536', '[zz]:1', 'a b:1', 'user@host:1']) assert.equal(parseAuthority(bad, 1), undefined, bad);
});
