/**
 * `index.html` as served to one host: the page's configuration (where the APIs are, as `/config.json` says) inlined
 * as a JSON data block, and preconnect hints for the sign-in and ARM origins, so the first screen needs no round trip
 * before its first API call. Kept per (host, build) with its gzip body.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { StaticFile } from './static-files.js';
import type { StudioConfig } from './studio-config.js';

export const CONFIG_ELEMENT_ID = 'cerulean-config';

/** JSON safe inside a `<script>` element (no `</script>`, no HTML comment openers). */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function attr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export function renderIndex(html: string, config: StudioConfig): string {
  const origins = [...new Set([config.endpoints.login, config.endpoints.arm].map((u) => new URL(u).origin))];
  const head =
    origins.map((o) => `<link rel="preconnect" href="${attr(o)}" crossorigin>`).join('') +
    `<script id="${CONFIG_ELEMENT_ID}" type="application/json">${scriptSafeJson(config)}</script>`;
  const at = html.indexOf('</head>');
  return at < 0 ? head + html : html.slice(0, at) + head + html.slice(at);
}

export class IndexPages {
  private readonly cache = new Map<string, StaticFile>();

  /** The page for `host` built from `index` (re-rendered when the build's etag changes). */
  get(index: StaticFile, host: string, config: () => StudioConfig): StaticFile {
    const key = `${index.etag}|${host}`;
    let page = this.cache.get(key);
    if (!page) {
      if (this.cache.size >= 64) this.cache.clear();
      const body = Buffer.from(renderIndex(index.body.toString('utf8'), config()), 'utf8');
      const gzip = gzipSync(body, { level: 9 });
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      page = { ...index, body, gzip: gzip.length < body.length ? gzip : undefined, etag };
      this.cache.set(key, page);
    }
    return page;
  }
}
