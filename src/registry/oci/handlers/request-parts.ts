/** Request parsing the registry handlers share: headers, declared lengths, repository names, paging. */
import type { RequestContext } from '../../../http/operation.js';
import { requestHeader } from '../../../http/request-header.js';
import { ociErrors } from '../oci-errors.js';
import { isRepositoryName } from '../oci-names.js';

export function header(ctx: RequestContext, name: string): string | undefined {
  return requestHeader(ctx.req, name);
}

/** `Content-Length` as a number; undefined when absent (chunked transfer). */
export function contentLength(ctx: RequestContext): number | undefined {
  const raw = header(ctx, 'content-length');
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw ociErrors.sizeInvalid(`invalid Content-Length '${raw}'`);
  return Number(raw);
}

/** Whether the request carries a body (a non-zero length, or chunked transfer encoding). */
export function hasBody(ctx: RequestContext): boolean {
  const n = contentLength(ctx);
  return n !== undefined ? n > 0 : header(ctx, 'transfer-encoding') !== undefined;
}

export function requireRepositoryName(name: string): void {
  if (!isRepositoryName(name)) throw ociErrors.nameInvalid(name);
}

export function encodeRepo(name: string): string {
  return name.split('/').map(encodeURIComponent).join('/');
}

export interface Page<T> {
  items: T[];
  /** Set when more items follow: the `last` value for the next page. */
  nextLast?: string;
  n: number;
}

export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

/** Pages `items` (already in order) after the item whose key is `last`, `n` at a time (`n` from the query). */
export function paginate<T>(ctx: RequestContext, items: T[], key: (t: T) => string, lexical: boolean): Page<T> {
  const nRaw = ctx.query.get('n');
  let n = DEFAULT_PAGE_SIZE;
  if (nRaw !== null && nRaw !== '') {
    if (!/^\d+$/.test(nRaw)) throw ociErrors.paginationInvalid(nRaw);
    n = Math.min(Number(nRaw), MAX_PAGE_SIZE);
  }
  const last = ctx.query.get('last');
  let rest = items;
  if (last) {
    if (lexical) rest = items.filter((t) => key(t) > last);
    else {
      const i = items.findIndex((t) => key(t) === last);
      rest = i < 0 ? items : items.slice(i + 1);
    }
  }
  const page = rest.slice(0, n);
  const more = rest.length > page.length && page.length > 0;
  return { items: page, n, nextLast: more ? key(page[page.length - 1]) : undefined };
}

/** `Link: <path?last=…&n=…>; rel="next"` (extra query pairs appended). */
export function nextLink(path: string, page: Page<unknown>, extra: Record<string, string> = {}): Record<string, string> {
  if (page.nextLast === undefined) return {};
  const q = new URLSearchParams({ last: page.nextLast, n: String(page.n), ...extra });
  return { Link: `<${path}?${q.toString()}>; rel="next"` };
}
