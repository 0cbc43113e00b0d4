/**
 * Scope ancestry for the evaluator. Every assignment scope is interned to a number once; a request scope
 * is turned into the numbers of the known scopes at or above it (cached per request scope string), and
 * those are marked in a scratch table, so "does this assignment's scope cover the target?" is one
 * array read. Segments compare whole and case-insensitively: `/rg1` never covers `/rg10`.
 */
import { normalizeScope } from '../shared/resource-id.js';

const MAX_CACHED_TARGETS = 65_536;

/** Lower-cases a scope and fixes slashes; the common, already clean case costs one toLowerCase. */
export function normalizeTargetScope(scope: string): string {
  const t = scope.toLowerCase();
  if (t.charCodeAt(0) !== 47 || t.includes('//') || (t.length > 1 && t.endsWith('/'))) return normalizeScope(scope);
  return t;
}

export class ScopeIndex {
  private readonly ids = new Map<string, number>();
  private readonly ancestorCache = new Map<string, Int32Array>();
  private marks = new Uint32Array(0);
  private epoch = 0;

  /** The number of a scope (build time). */
  intern(scope: string): number {
    const norm = normalizeScope(scope);
    let id = this.ids.get(norm);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(norm, id);
    }
    return id;
  }

  /** Ids of the interned scopes equal to or above `target`. */
  ancestorsOf(target: string): Int32Array {
    let found = this.ancestorCache.get(target);
    if (found === undefined) {
      const norm = normalizeTargetScope(target);
      const list: number[] = [];
      const root = this.ids.get('/');
      if (root !== undefined) list.push(root);
      for (let k = 1; k <= norm.length; k++) {
        if (k === norm.length || norm.charCodeAt(k) === 47) {
          const id = this.ids.get(norm.slice(0, k));
          if (id !== undefined) list.push(id);
        }
      }
      found = Int32Array.from(list);
      if (this.ancestorCache.size >= MAX_CACHED_TARGETS) this.ancestorCache.clear();
      this.ancestorCache.set(target, found);
    }
    return found;
  }

  /** Marks the scopes covering `target`; returns the stamp that `covers` compares against. */
  mark(target: string): number {
    if (this.marks.length !== this.ids.size) this.marks = new Uint32Array(this.ids.size);
    if (this.epoch === 0xffffffff) {
      this.marks.fill(0);
      this.epoch = 0;
    }
    const stamp = ++this.epoch;
    const ancestors = this.ancestorsOf(target);
    for (let i = 0; i < ancestors.length; i++) this.marks[ancestors[i]] = stamp;
    return stamp;
  }

  /** True when scope `id` was marked by the `mark` call that returned `stamp`. */
  covers(id: number, stamp: number): boolean {
    return this.marks[id] === stamp;
  }
}
