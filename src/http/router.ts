/**
 * Matches a request to an operation by method and path template, segment by segment, case-insensitively
 * (ARM paths are case-insensitive; parameter values keep the caller's casing). Trailing slashes are ignored.
 */
import type { HttpMethod, Operation } from './operation.js';

interface Compiled {
  op: Operation;
  methods: Set<string>;
  /** Lower-cased literal or `{name}` parameter per segment. */
  segments: Array<{ literal?: string; param?: string; rest?: boolean }>;
  /** Literal count: more literals = more specific, tried first. */
  specificity: number;
  /** Segment count a path must have (a rest parameter: at least this many, the rest itself may be empty). */
  length: number;
  rest: boolean;
}

export interface RouteMatch {
  op: Operation;
  params: Record<string, string>;
}

export interface RouteResult {
  match?: RouteMatch;
  /** Some operation matched the path but not the method. */
  methodNotAllowed: boolean;
}

/** Non-empty segments between slashes. */
function splitPath(path: string): string[] {
  const out: string[] = [];
  let start = 0;
  while (start <= path.length) {
    let end = path.indexOf('/', start);
    if (end < 0) end = path.length;
    if (end > start) out.push(path.slice(start, end));
    start = end + 1;
  }
  return out;
}

/** The segments of `path` and of its lower-cased form, split once when lower-casing keeps every offset (ASCII). */
function splitBoth(path: string): { parts: string[]; lower: string[] } {
  const lowerPath = path.toLowerCase();
  if (lowerPath === path) {
    const parts = splitPath(path);
    return { parts, lower: parts };
  }
  if (lowerPath.length !== path.length) return { parts: splitPath(path), lower: splitPath(lowerPath) };
  const parts: string[] = [];
  const lower: string[] = [];
  let start = 0;
  while (start <= path.length) {
    let end = path.indexOf('/', start);
    if (end < 0) end = path.length;
    if (end > start) {
      parts.push(path.slice(start, end));
      lower.push(lowerPath.slice(start, end));
    }
    start = end + 1;
  }
  return { parts, lower };
}

function decode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export class Router {
  private readonly routes: Compiled[] = [];

  constructor(operations: Operation[]) {
    for (const op of operations) this.add(op);
  }

  add(op: Operation): void {
    const methods = new Set((Array.isArray(op.method) ? op.method : [op.method]).map((m) => m.toUpperCase()));
    const segments = splitPath(op.path).map((s) => {
      const m = /^\{(\*?)([A-Za-z0-9_]+)\}$/.exec(s);
      if (m) return m[1] ? { param: m[2], rest: true } : { param: m[2] };
      return { literal: s.toLowerCase() };
    });
    const specificity = segments.filter((s) => s.literal !== undefined).length * 1000 - segments.length;
    const restAt = segments.findIndex((s) => s.rest === true);
    this.routes.push({ op, methods, segments, specificity, length: restAt >= 0 ? restAt : segments.length, rest: restAt >= 0 });
    this.routes.sort((a, b) => b.specificity - a.specificity);
  }

  match(method: HttpMethod | string, pathname: string): RouteResult {
    const { parts, lower } = splitBoth(pathname);
    let methodNotAllowed = false;
    for (const r of this.routes) {
      if (r.rest ? parts.length < r.length : parts.length !== r.length) continue;
      const params = this.tryMatch(r, parts, lower);
      if (!params) continue;
      if (r.methods.has(method) || (method === 'HEAD' && r.methods.has('GET') && !this.hasExplicitHead(pathname))) {
        return { match: { op: r.op, params }, methodNotAllowed: false };
      }
      methodNotAllowed = true;
    }
    return { methodNotAllowed };
  }

  private hasExplicitHead(pathname: string): boolean {
    const { parts, lower } = splitBoth(pathname);
    return this.routes.some((r) => r.methods.has('HEAD') && this.tryMatch(r, parts, lower) !== undefined);
  }

  private tryMatch(r: Compiled, parts: string[], lower: string[]): Record<string, string> | undefined {
    const segs = r.segments;
    // Literals first: most routes fail here, before any parameter is decoded.
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      if (s.rest) break;
      if (i >= parts.length) return undefined;
      if (s.literal !== undefined && s.literal !== lower[i]) return undefined;
      if (i === segs.length - 1 && segs.length !== parts.length) return undefined;
    }
    if (segs.length === 0 && parts.length !== 0) return undefined;
    const params: Record<string, string> = {};
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      if (s.rest) {
        params[s.param!] = parts.slice(i).map(decode).join('/');
        return params;
      }
      if (s.literal === undefined) params[s.param!] = decode(parts[i]);
    }
    return params;
  }
}
