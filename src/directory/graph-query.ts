/**
 * OData query options on Graph collections: `$filter` (see odata-filter.ts), `$select`, `$top` with
 * `@odata.nextLink` / `$skiptoken` paging, `$count`, `$orderby` on one property; `$search` and `$expand` are
 * accepted and ignored. Parameters are accepted with or without the `$` prefix, as Graph does.
 */
import { ApiError } from '../shared/errors.js';
import { evaluateFilter, filterProperties, FilterSyntaxError, parseFilter, type FilterNode } from './odata-filter.js';
import { badRequest, invalidFilter } from './graph-errors.js';
import type { GraphObject } from './graph-shapes.js';

export interface ListQuery {
  filter?: FilterNode;
  select?: string[];
  top: number;
  offset: number;
  count: boolean;
  orderBy?: { property: string; descending: boolean };
}

/** Graph's default page size for directory collections. */
export const DEFAULT_PAGE_SIZE = 100;

export function queryOption(query: URLSearchParams, name: string): string | undefined {
  return query.get(`$${name}`) ?? query.get(name) ?? undefined;
}

function unknownProperty(name: string, typeName: string): ApiError {
  return new ApiError(400, 'BadRequest', `Could not find a property named '${name}' on type 'microsoft.graph.${typeName}'.`);
}

export function parseSelect(query: URLSearchParams, typeName: string, known: ReadonlySet<string>): string[] | undefined {
  const raw = queryOption(query, 'select');
  if (raw === undefined || raw.trim() === '') return undefined;
  const props = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of props) if (!known.has(p.toLowerCase())) throw unknownProperty(p, typeName);
  return props;
}

export function parseListQuery(query: URLSearchParams, typeName: string, known: ReadonlySet<string>): ListQuery {
  const q: ListQuery = { top: DEFAULT_PAGE_SIZE, offset: 0, count: false };
  const filterText = queryOption(query, 'filter');
  if (filterText !== undefined && filterText.trim() !== '') {
    try {
      q.filter = parseFilter(filterText);
    } catch (e) {
      if (e instanceof FilterSyntaxError) throw invalidFilter(e.message);
      throw e;
    }
    for (const p of filterProperties(q.filter)) if (!known.has(p.toLowerCase())) throw unknownProperty(p, typeName);
  }
  q.select = parseSelect(query, typeName, known);
  const top = queryOption(query, 'top');
  if (top !== undefined) {
    const n = Number(top);
    if (!Number.isInteger(n) || n < 1 || n > 999) {
      throw badRequest(`Invalid page size specified: '${top}'. Must be between 1 and 999 inclusive.`);
    }
    q.top = n;
  }
  const skipToken = queryOption(query, 'skiptoken');
  if (skipToken !== undefined) q.offset = decodeSkipToken(skipToken);
  q.count = (queryOption(query, 'count') ?? '').toLowerCase() === 'true';
  const orderBy = queryOption(query, 'orderby');
  if (orderBy !== undefined && orderBy.trim() !== '') {
    const m = /^\s*([A-Za-z][\w]*)(?:\s+(asc|desc))?\s*$/i.exec(orderBy);
    if (!m) throw badRequest(`Invalid $orderby clause: '${orderBy}'.`);
    if (!known.has(m[1].toLowerCase())) throw unknownProperty(m[1], typeName);
    q.orderBy = { property: m[1], descending: (m[2] ?? '').toLowerCase() === 'desc' };
  }
  return q;
}

export function encodeSkipToken(offset: number): string {
  return Buffer.from(JSON.stringify({ o: offset })).toString('base64url');
}

function decodeSkipToken(token: string): number {
  try {
    const o = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown }).o;
    if (typeof o === 'number' && Number.isInteger(o) && o >= 0) return o;
  } catch {
    /* fall through */
  }
  throw badRequest(`Invalid value specified for query parameter '$skiptoken'.`);
}

function propertyOf(o: GraphObject, name: string): unknown {
  const key = Object.keys(o).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : o[key];
}

export interface ListResult {
  page: GraphObject[];
  total: number;
  /** Offset of the next page when there is one. */
  nextOffset?: number;
}

/** Filters, orders and pages full Graph views (projection is left to the caller). */
export function runListQuery(views: GraphObject[], q: ListQuery): ListResult {
  let rows = q.filter ? views.filter((v) => evaluateFilter(q.filter!, v)) : views;
  if (q.orderBy) {
    const { property, descending } = q.orderBy;
    rows = [...rows].sort((a, b) => {
      const x = String(propertyOf(a, property) ?? '').toLowerCase();
      const y = String(propertyOf(b, property) ?? '').toLowerCase();
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
    });
  }
  const page = rows.slice(q.offset, q.offset + q.top);
  const next = q.offset + q.top;
  return { page, total: rows.length, nextOffset: next < rows.length ? next : undefined };
}
