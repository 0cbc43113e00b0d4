// Cerulean's Node scoring host: the azureml-inference-server-http contract for `.js` / `.mjs` scoring scripts that
// export init() and run(data, request_headers). Entry script: AML_APP_ROOT/AZUREML_ENTRY_SCRIPT. `fetch` honours
// HTTP(S)_PROXY / NO_PROXY (undici EnvHttpProxyAgent as the global dispatcher). Exit code 3: the script failed to
// load or init() threw. Once init() has resolved, the host listens on 127.0.0.1 and logs "Listening at: …"; with
// --unix-socket it also listens on $TMPDIR/azmlinfsrv/score.sock.
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';

const VERSION = '1.5.1';
const SERVER_VERSION = `azmlinfsrv/${VERSION}`;
const NOT_FOUND = { message: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.' };
const NOT_ALLOWED = { message: 'The method is not allowed for the requested URL.' };
const SCRIPT_ERROR = { message: 'An unexpected error occurred in scoring script. Check the logs for more info.' };
const INTERNAL_ERROR = { message: 'An unexpected internal error occurred. Check the logs for more info.' };

function stamp() {
  const d = new Date();
  return d.toISOString().replace('T', ' ').replace('Z', '').replace('.', ',');
}
function line(level, name, text) {
  process.stdout.write(`${stamp()} ${level} [${process.pid}] ${name} - ${text}\n`);
}
const log = {
  info: (t) => line('I', 'azmlinfsrv', t),
  warn: (t) => line('W', 'azmlinfsrv', t),
  error: (t) => line('E', 'azmlinfsrv', t),
};
console.log = console.info = console.debug = (...a) => line('I', 'azmlinfsrv.print', format(...a));
console.warn = (...a) => line('W', 'azmlinfsrv.print', format(...a));
console.error = (...a) => line('E', 'azmlinfsrv.print', format(...a));

const appRoot = process.env.AML_APP_ROOT || process.cwd();
const entry = process.env.AZUREML_ENTRY_SCRIPT || '';
const scriptPath = isAbsolute(entry) ? entry : join(appRoot, entry);

function loadUndici() {
  for (const base of [join(appRoot, 'package.json'), import.meta.url]) {
    try {
      return createRequire(base)('undici');
    } catch {
      /* next */
    }
  }
  return undefined;
}

const undici = loadUndici();
if (undici?.EnvHttpProxyAgent && undici.setGlobalDispatcher) undici.setGlobalDispatcher(new undici.EnvHttpProxyAgent());
else log.warn('undici is not available: fetch() does not use the proxy variables.');
register(new URL('./resolve-hooks.mjs', import.meta.url), { data: { fallbackParent: import.meta.url } });

function fail(err) {
  log.error("User's init function failed");
  log.error(`Encountered Exception ${err?.stack ?? String(err)}`);
  process.exit(3);
}

let mod;
try {
  if (!entry) throw new Error('AZUREML_ENTRY_SCRIPT is not set.');
  log.info(`Azure ML Inferencing HTTP server v${VERSION} (Cerulean scoring host, Node ${process.version})`);
  log.info(`Server Settings: Entry Script Name: ${entry}, Model Directory: ${process.env.AZUREML_MODEL_DIR}, Worker Count: 1, Server Version: ${SERVER_VERSION}`);
  const loaded = await import(pathToFileURL(scriptPath).href);
  mod = typeof loaded.init === 'function' || typeof loaded.run === 'function' ? loaded : (loaded.default ?? loaded);
  for (const name of ['init', 'run']) if (typeof mod[name] !== 'function') throw new Error(`The entry script ${entry} does not export ${name}().`);
  log.info('run() is not decorated. Server will invoke it with the input in JSON string.');
  await mod.init();
} catch (err) {
  fail(err);
}

function ids(req) {
  const rid = req.headers['x-request-id'];
  if (typeof rid === 'string' && rid.length > 100) return undefined;
  const id = typeof rid === 'string' && rid ? rid : randomUUID();
  const client = req.headers['x-ms-client-request-id'] ?? req.headers['x-ms-request-id'];
  const out = { 'x-request-id': id, 'x-ms-request-id': typeof client === 'string' && client ? client : id };
  if (req.headers['x-ms-client-request-id']) out['x-ms-client-request-id'] = req.headers['x-ms-client-request-id'];
  return out;
}

function send(req, res, status, body, contentType, extra, started) {
  const buf = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': buf.length, 'x-ms-server-version': SERVER_VERSION, ...res.ids, ...extra });
  res.end(req.method === 'HEAD' ? undefined : buf);
  if (started !== undefined) log.info(`${req.method} ${req.url} ${status} ${(Number(process.hrtime.bigint() - started) / 1e6).toFixed(3)}ms ${buf.length}`);
}
const sendJson = (req, res, status, obj, extra, started) => send(req, res, status, JSON.stringify(obj), 'application/json', extra, started);

function queryAsJson(url) {
  const out = {};
  for (const key of new Set(url.searchParams.keys())) {
    const vals = url.searchParams.getAll(key).map((v) => {
      try {
        return JSON.parse(v);
      } catch {
        return v;
      }
    });
    out[key] = vals.length === 1 ? vals[0] : vals;
  }
  return JSON.stringify(out);
}

async function score(req, res, url, body, started) {
  let data;
  if (req.method === 'OPTIONS') return send(req, res, 200, '', 'text/html; charset=utf-8', {}, started);
  if (req.method === 'GET') data = queryAsJson(url);
  else {
    const ctype = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (ctype === 'application/x-www-form-urlencoded' || ctype === 'multipart/form-data') data = '';
    else {
      try {
        data = new TextDecoder('utf-8', { fatal: true }).decode(body);
      } catch (e) {
        return sendJson(req, res, 400, { message: `Input cannot be decoded as UTF-8: ${e.message}` }, {}, started);
      }
    }
  }
  const t0 = process.hrtime.bigint();
  const execMs = () => (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(3);
  let result;
  try {
    result = await mod.run(data, { ...req.headers });
  } catch (err) {
    log.error(`Encountered Exception: ${err?.stack ?? String(err)}`);
    return sendJson(req, res, 500, SCRIPT_ERROR, { 'x-ms-run-function-failed': 'True', 'x-ms-run-fn-exec-ms': execMs() }, started);
  }
  if (typeof Response !== 'undefined' && result instanceof Response) {
    const extra = Object.fromEntries(result.headers.entries());
    const ctype = extra['content-type'] ?? 'text/html; charset=utf-8';
    delete extra['content-type'];
    delete extra['content-length'];
    extra['x-ms-run-function-failed'] = result.status >= 500 ? 'True' : 'False';
    extra['x-ms-run-fn-exec-ms'] = execMs();
    return send(req, res, result.status, Buffer.from(await result.arrayBuffer()), ctype, extra, started);
  }
  let out;
  try {
    out = JSON.stringify(result === undefined ? null : result);
  } catch (err) {
    log.error(`Encountered Exception: ${err?.stack ?? String(err)}`);
    return sendJson(req, res, 500, INTERNAL_ERROR, { 'x-ms-run-function-failed': 'False', 'x-ms-run-fn-exec-ms': execMs() }, started);
  }
  return send(req, res, 200, out, 'application/json', { 'x-ms-run-function-failed': 'False', 'x-ms-run-fn-exec-ms': execMs() }, started);
}

const server = http.createServer((req, res) => {
  const started = process.hrtime.bigint();
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    res.ids = {};
    const i = ids(req);
    if (!i) return sendJson(req, res, 431, { message: 'x-request-id must not exceed 100 characters' }, {}, started);
    res.ids = i;
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/') {
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(req, res, 405, NOT_ALLOWED, {}, started);
      return send(req, res, 200, 'Healthy', 'text/html; charset=utf-8', {});
    }
    if (path === '/swagger.json') {
      if (req.method !== 'GET') return sendJson(req, res, 405, NOT_ALLOWED, {}, started);
      const schema = { type: 'object', example: {} };
      const doc = {
        swagger: '2.0',
        info: { title: process.env.SERVICE_NAME ?? 'ML service', version: process.env.SERVICE_VERSION ?? '1.0' },
        schemes: ['https'],
        paths: { '/': { get: { operationId: 'ServiceHealthCheck' } }, '/score': { post: { security: [{ Bearer: [] }] } } },
        securityDefinitions: { Bearer: { type: 'apiKey', name: 'Authorization', in: 'header' } },
        definitions: { ServiceInput: schema, ServiceOutput: schema, ErrorResponse: { type: 'object', properties: { message: { type: 'string' } } } },
      };
      return sendJson(req, res, 200, doc, {}, started);
    }
    if (path !== '/score') return sendJson(req, res, 404, NOT_FOUND, {}, started);
    if (!['GET', 'POST', 'OPTIONS'].includes(req.method ?? '')) return sendJson(req, res, 405, NOT_ALLOWED, {}, started);
    score(req, res, url, body, started).catch((err) => {
      log.error(`Encountered Exception: ${err?.stack ?? String(err)}`);
      if (!res.headersSent) sendJson(req, res, 500, INTERNAL_ERROR, {}, started);
    });
  });
});
server.keepAliveTimeout = 65_000;

/** With --unix-socket: the same requests on $TMPDIR/azmlinfsrv/score.sock (folder 0700); TCP only when it cannot be made. */
function listenUnix() {
  const tmp = process.env.TMPDIR;
  if (!process.argv.includes('--unix-socket') || !tmp) return Promise.resolve();
  const dir = join(tmp, 'azmlinfsrv');
  try {
    mkdirSync(dir, { mode: 0o700 });
    chmodSync(dir, 0o700);
  } catch {
    return Promise.resolve();
  }
  const unix = http.createServer(server.listeners('request')[0]);
  unix.keepAliveTimeout = 65_000;
  return new Promise((resolve) => {
    unix.once('error', () => resolve());
    unix.listen(join(dir, 'score.sock'), () => resolve());
  });
}

server.listen(Number(process.env.SERVER_PORT || 0), '127.0.0.1', async () => {
  const port = server.address().port;
  await listenUnix();
  log.info(`Worker with pid ${process.pid} ready for serving traffic`);
  log.info(`Listening at: http://127.0.0.1:${port} (${process.pid})`);
});
process.on('SIGTERM', () => process.exit(0));
