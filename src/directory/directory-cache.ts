/**
 * A bounded map for values derived from directory records (verified secrets, service principals by app id).
 * Every entry is dropped as soon as the directory changes — any write to a directory object or to the index of
 * alternate keys bumps the store's generation of that kind — so a deleted, disabled or re-keyed object is never
 * served from here after the write that changed it.
 */
import type { Store } from '../store/store.js';
import { INDEX_KIND, OBJECT_KIND } from './directory-records.js';

export const DEFAULT_DIRECTORY_CACHE_ENTRIES = 1000;

export class DirectoryCache<V> {
  private readonly entries = new Map<string, V>();
  private objectGen = -1;
  private indexGen = -1;

  constructor(
    private readonly store: Store,
    private readonly maxEntries = DEFAULT_DIRECTORY_CACHE_ENTRIES,
  ) {}

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
    const o = this.store.generation(OBJECT_KIND);
    const i = this.store.generation(INDEX_KIND);
    if (o !== this.objectGen || i !== this.indexGen) {
      this.entries.clear();
      this.objectGen = o;
      this.indexGen = i;
    }
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
