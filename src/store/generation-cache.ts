/**
 * A bounded map for values derived from stored documents of some kinds. Every entry is dropped as soon as any of
 * those kinds changes (the store bumps a kind's generation on every write to it, and on a rolled-back transaction),
 * so nothing is served from here after the write that changed or deleted what it was made from.
 */
import type { Store } from './store.js';

export const DEFAULT_GENERATION_CACHE_ENTRIES = 1000;

export class GenerationCache<V> {
  private readonly entries = new Map<string, V>();
  private readonly seen: number[];

  constructor(
    private readonly store: Store,
    private readonly kinds: readonly string[],
    private readonly maxEntries = DEFAULT_GENERATION_CACHE_ENTRIES,
  ) {
    this.seen = kinds.map(() => -1);
  }

  get(key: string): V | undefined {
    this.sync();
    return this.entries.get(key);
  }

  set(key: string, value: V): void {
    this.sync();
    if (!this.entries.has(key) && this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, value);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    this.sync();
    return this.entries.size;
  }

  private sync(): void {
    let changed = false;
    for (let i = 0; i < this.kinds.length; i++) {
      const g = this.store.generation(this.kinds[i]);
      if (g !== this.seen[i]) {
        this.seen[i] = g;
        changed = true;
      }
    }
    if (changed) this.entries.clear();
  }
}

/** Freezes a JSON-shaped value and everything in it, so a shared cached copy cannot be changed by a caller. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
