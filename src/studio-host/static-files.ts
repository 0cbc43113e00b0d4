/**
 * The studio's build output, read from disk on first request and kept in memory (identity and gzip bodies, an
 * ETag). Each request re-checks the file's size and mtime, so a rebuild while the platform runs is picked up.
 * Paths are resolved segment by segment: nothing outside the root, no dot segments or hidden files.
 */
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { resolve, sep } from 'node:path';
import { contentTypeOf, isCompressible } from './content-types.js';

export interface StaticFile {
  /** Absolute path on disk. */
  file: string;
  body: Buffer;
  /** gzip-encoded body, when that is smaller. */
  gzip?: Buffer;
  contentType: string;
  etag: string;
  mtimeMs: number;
  size: number;
}

const MAX_ENTRIES = 4096;
/** Below this size compression does not pay for its header. */
const MIN_GZIP_BYTES = 256;

export class StaticFiles {
  readonly root: string;
  private readonly rootWithSep: string;
  private readonly cache = new Map<string, StaticFile>();

  constructor(root: string) {
    this.root = resolve(root);
    this.rootWithSep = this.root.endsWith(sep) ? this.root : this.root + sep;
  }

  /** The file a URL path names under the root, or undefined when it names none that may be served. */
  resolvePath(urlPath: string): string | undefined {
    const parts: string[] = [];
    for (const raw of urlPath.split('/')) {
      if (raw === '') continue;
      let seg: string;
      try {
        seg = decodeURIComponent(raw);
      } catch {
        return undefined;
      }
      if (seg.startsWith('.') || /[/\\\0:]/.test(seg)) return undefined;
      parts.push(seg);
    }
    if (parts.length === 0) return undefined;
    const full = resolve(this.root, ...parts);
    return full.startsWith(this.rootWithSep) ? full : undefined;
  }

  /** The file at a URL path (`/assets/index-1a2b.js`), read or refreshed as needed; undefined when absent. */
  get(urlPath: string): StaticFile | undefined {
    const file = this.resolvePath(urlPath);
    if (!file) return undefined;
    let st;
    try {
      st = statSync(file);
    } catch {
      this.cache.delete(file);
      return undefined;
    }
    if (!st.isFile()) return undefined;
    const hit = this.cache.get(file);
    if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit;
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return undefined;
    }
    const contentType = contentTypeOf(file);
    let gzip: Buffer | undefined;
    if (body.length >= MIN_GZIP_BYTES && isCompressible(contentType)) {
      const z = gzipSync(body, { level: 9 });
      if (z.length < body.length) gzip = z;
    }
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
    const entry: StaticFile = { file, body, gzip, contentType, etag, mtimeMs: st.mtimeMs, size: st.size };
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(file, entry);
    return entry;
  }
}

/** Whether an `Accept-Encoding` header accepts gzip (`gzip` or `*` with a non-zero q). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let star = false;
  for (const item of value.split(',')) {
    const [name, ...params] = item.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = q === undefined || Number(q.slice(2)) > 0;
    if (name.trim() === 'gzip' || name.trim() === 'x-gzip') return ok;
    if (name.trim() === '*') star = ok;
  }
  return star;
}
