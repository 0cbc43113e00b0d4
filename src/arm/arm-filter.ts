/**
 * The small `$filter` grammar ARM list operations accept: clauses joined by `and`, each either
 * `field eq 'value'` or a function call `name()` / `name('arg', field)`. Field and function names are
 * case-insensitive; quoted values keep their case (`''` escapes a quote).
 */
import { ApiError } from '../shared/errors.js';

export type FilterClause =
  | { kind: 'eq'; field: string; value: string }
  | { kind: 'call'; name: string; args: string[] };

function invalidFilter(filter: string, detail: string): ApiError {
  return new ApiError(400, 'InvalidFilterInQueryString', `Invalid $filter '${filter}' specified in the query string. ${detail}`);
}

/** Parses a `$filter` value; throws 400 `InvalidFilterInQueryString` for anything else. */
export function parseArmFilter(filter: string): FilterClause[] {
  const src = filter.trim();
  const out: FilterClause[] = [];
  let i = 0;
  const skipWs = () => {
    while (i < src.length && /\s/.test(src[i])) i++;
  };
  const ident = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_./]*/.exec(src.slice(i));
    if (!m) throw invalidFilter(filter, `Expected a property or function name at position ${i}.`);
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string => {
    if (src[i] !== "'") throw invalidFilter(filter, `Expected a quoted value at position ${i}.`);
    i++;
    let v = '';
    for (;;) {
      if (i >= src.length) throw invalidFilter(filter, 'Unterminated string literal.');
      if (src[i] === "'") {
        if (src[i + 1] === "'") {
          v += "'";
          i += 2;
          continue;
        }
        i++;
        return v;
      }
      v += src[i++];
    }
  };
  while (i < src.length) {
    skipWs();
    const name = ident();
    skipWs();
    if (src[i] === '(') {
      i++;
      const args: string[] = [];
      skipWs();
      while (src[i] !== ')') {
        if (i >= src.length) throw invalidFilter(filter, 'Unterminated function call.');
        args.push(src[i] === "'" ? quoted() : ident());
        skipWs();
        if (src[i] === ',') {
          i++;
          skipWs();
        }
      }
      i++;
      out.push({ kind: 'call', name: name.toLowerCase(), args });
    } else {
      const op = ident();
      if (op.toLowerCase() !== 'eq') throw invalidFilter(filter, `The operator '${op}' is not supported.`);
      skipWs();
      out.push({ kind: 'eq', field: name.toLowerCase(), value: quoted() });
    }
    skipWs();
    if (i >= src.length) break;
    const conj = ident();
    if (conj.toLowerCase() !== 'and') throw invalidFilter(filter, `Only 'and' may combine conditions; found '${conj}'.`);
  }
  return out;
}

/** The `$filter` query parameter (any casing of its name). */
export function filterParam(query: URLSearchParams): string | undefined {
  for (const [k, v] of query) if (k.toLowerCase() === '$filter') return v;
  return undefined;
}

/** `$top` as a positive integer, or undefined. */
export function topParam(query: URLSearchParams): number | undefined {
  for (const [k, v] of query) {
    if (k.toLowerCase() !== '$top') continue;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      throw new ApiError(400, 'InvalidTopInQueryString', `The value '${v}' of the query parameter '$top' is invalid. It must be a positive integer.`);
    }
    return n;
  }
  return undefined;
}
