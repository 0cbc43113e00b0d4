/**
 * The `studio` plane: the web UI's static files (Vite's `dist/studio/`) on `ml.azure.com` through the forward proxy
 * and on its own direct port. Deep links (paths without an extension) fall back to `index.html`; `/assets/*` are
 * content-hashed and cached for a year; `GET /config.json` tells the page where the APIs are. No authentication:
 * the files are public, and every API the page calls authorizes the signed-in user itself.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ServerResponse } from 'node:http';
import type { Operation, Reply, RequestContext } from '../http/operation.js';
import type { Plane } from '../http/plane.js';
import type { PlatformContext } from '../platform/context.js';
import { ApiError } from '../shared/errors.js';
import { extensionOf } from './content-types.js';
import { NOT_BUILT_HTML } from './not-built-page.js';
import { acceptsGzip, StaticFiles, type StaticFile } from './static-files.js';
import { buildStudioConfig } from './studio-config.js';
import { IndexPages } from './index-page.js';
import { appendVary, setSecurityHeaders } from './studio-headers.js';

export const STUDIO_HOSTS = ['ml.azure.com'];
/** The build output, relative to the package root (the same from `src/studio-host/` and `dist/studio-host/`). */
export const DEFAULT_STUDIO_ROOT = fileURLToPath(new URL('../../dist/studio/', import.meta.url));

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface StudioPlaneOptions {
  /** Directory of the built studio (default: `<package root>/dist/studio`). */
  root?: string;
  /** The studio's OAuth client id (default STUDIO_CLIENT_ID). */
  clientId?: string;
}

export interface StudioPlane extends Plane {
  /** Tells the plane the transport's direct URLs (for config.json) and adds the direct studio origins to ctx.studio.origins. */
  setDirectUrls(direct: Readonly<Record<string, string>>): void;
}

function studioError(status: number, code: string, message: string): ApiError {
  return new ApiError(status, code, message);
}

function renderStudioError(res: ServerResponse, err: ApiError): void {
  setSecurityHeaders(res);
  for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v);
  const body = Buffer.from(`${err.status} ${err.message}\n`, 'utf8');
  res.statusCode = err.status;
  res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

/** The origins the studio is served at on its direct port: the listen address, `localhost` and `127.0.0.1`. */
export function directStudioOrigins(studioUrl: string): string[] {
  const u = new URL(studioUrl);
  const port = u.port ? `:${u.port}` : '';
  return [...new Set([u.origin, `https://localhost${port}`, `https://127.0.0.1${port}`])];
}

function sendFile(ctx: RequestContext, file: StaticFile, cacheControl: string): Reply {
  const res = ctx.res;
  appendVary(res, 'Accept-Encoding');
  const headers: Record<string, string> = { 'Content-Type': file.contentType, 'Cache-Control': cacheControl, ETag: file.etag };
  const inm = ctx.req.headers['if-none-match'];
  if (typeof inm === 'string' && inm.split(/\s*,\s*/).some((t) => t === file.etag || t === `W/${file.etag}` || t === '*')) {
    return { status: 304, headers };
  }
  if (file.gzip && acceptsGzip(ctx.req.headers['accept-encoding'])) {
    return { status: 200, headers: { ...headers, 'Content-Encoding': 'gzip', 'Content-Length': String(file.gzip.length) }, body: file.gzip };
  }
  return { status: 200, headers: { ...headers, 'Content-Length': String(file.body.length) }, body: file.body };
}

export function createStudioPlane(ctx: PlatformContext, opts: StudioPlaneOptions = {}): StudioPlane {
  const files = new StaticFiles(opts.root ?? DEFAULT_STUDIO_ROOT);
  const pages = new IndexPages();
  let direct: Readonly<Record<string, string>> = {};
  const configFor = (host: string) =>
    buildStudioConfig({ tenantId: ctx.config.tenantId, subscriptionId: ctx.config.subscriptionId, clientId: opts.clientId, host, direct });

  const get = (rctx: RequestContext): Reply => {
    setSecurityHeaders(rctx.res);
    const path = rctx.path;
    if (path === '/config.json') {
      return { status: 200, headers: { 'Cache-Control': 'no-store' }, body: configFor(rctx.host) };
    }
    const index = files.get('/index.html');
    if (!index) {
      if (path === '/favicon.ico') return { status: 204, headers: { 'Cache-Control': 'no-cache' } };
      if (extensionOf(path) !== '' && extensionOf(path) !== '.html') throw studioError(404, 'NotFound', 'Not found.');
      return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }, body: NOT_BUILT_HTML };
    }
    const isAsset = /^\/assets\//i.test(path);
    const page = () => pages.get(index, rctx.host, () => configFor(rctx.host));
    if (path === '/' || path.toLowerCase() === '/index.html') return sendFile(rctx, page(), 'no-cache');
    const hit = files.get(path);
    if (hit) return sendFile(rctx, hit, isAsset ? IMMUTABLE : 'no-cache');
    if (path === '/favicon.ico') return { status: 204, headers: { 'Cache-Control': 'no-cache' } };
    // Deep links (`/workspaces/ws1/endpoints`) are the page's own routes; anything with an extension is a file.
    if (isAsset || extensionOf(path) !== '') throw studioError(404, 'NotFound', 'Not found.');
    return sendFile(rctx, page(), 'no-cache');
  };

  const operations: Operation[] = [
    { id: 'Studio_Get', method: ['GET', 'HEAD'], path: '/{*path}', auth: 'none', body: 'none', handler: get },
    {
      id: 'Studio_MethodNotAllowed',
      method: ['PUT', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      path: '/{*path}',
      auth: 'none',
      body: 'none',
      handler: () => {
        throw new ApiError(405, 'MethodNotAllowed', 'Method not allowed.', { headers: { Allow: 'GET, HEAD' } });
      },
    },
  ];

  return {
    name: 'studio',
    hosts: STUDIO_HOSTS,
    operations,
    authenticators: [],
    renderError: (res, err) => renderStudioError(res, err),
    notFound: () => studioError(404, 'NotFound', 'Not found.'),
    unauthenticated: () => studioError(401, 'Unauthorized', 'Unauthorized.'),
    denied: () => studioError(403, 'Forbidden', 'Forbidden.'),
    setDirectUrls(urls) {
      direct = { ...urls };
      if (urls.studio) for (const o of directStudioOrigins(urls.studio)) ctx.studio.origins.add(o);
    },
  };
}

/** Whether the studio's files have been built (for messages; the plane serves a notice page until they are). */
export function studioBuilt(root: string = DEFAULT_STUDIO_ROOT): boolean {
  return existsSync(join(root, 'index.html'));
}
