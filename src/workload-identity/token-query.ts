/**
 * What a token request's query asks for (the audience and which identity), parsed once per distinct request target.
 * Workloads ask with the very same target again and again (`/msi/token?resource=…&clientid=…`), so the parsed form
 * is kept by the raw target text: the same text always parses the same way. Only targets on the fixed token paths
 * are kept (never `/w/<path secret>/…`, which holds a secret), and at most MAX_REMEMBERED_QUERIES of them.
 */
import { lowerCaseQuery, selectorFromQuery, type IdentitySelector } from './identity-selection.js';

export const MAX_REMEMBERED_QUERIES = 256;

export interface TokenQuery {
  /** The `resource` parameter as sent, or undefined when absent or blank. */
  resource: string | undefined;
  selector: IdentitySelector;
}

export function parseTokenQuery(query: URLSearchParams): TokenQuery {
  const q = lowerCaseQuery(query);
  const resource = q.get('resource');
  return Object.freeze({ resource: resource === undefined || resource.trim() === '' ? undefined : resource, selector: Object.freeze(selectorFromQuery(q)) });
}

export class TokenQueryCache {
  private readonly byTarget = new Map<string, TokenQuery>();

  /** @param prefixes target prefixes (path + `?`) whose targets may be kept; none of them may carry a secret. */
  constructor(
    private readonly prefixes: readonly string[],
    private readonly maxEntries = MAX_REMEMBERED_QUERIES,
  ) {}

  /** The parsed query of `target`, from memory when this very target was parsed before. */
  get(target: string | undefined, parse: () => TokenQuery): TokenQuery {
    if (target === undefined || !this.keeps(target)) return parse();
    const hit = this.byTarget.get(target);
    if (hit !== undefined) return hit;
    const parsed = parse();
    if (this.byTarget.size >= this.maxEntries) this.byTarget.clear();
    this.byTarget.set(target, parsed);
    return parsed;
  }

  private keeps(target: string): boolean {
    for (const p of this.prefixes) if (target.startsWith(p)) return true;
    return false;
  }
}
