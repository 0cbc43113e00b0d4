/**
 * A bounded in-memory map whose entries carry their own expiry (epoch ms). Expired entries are dropped when read
 * and pruned when the map is full; past the bound, the oldest entries are evicted (insertion order).
 */
import type { Clock } from '../../shared/clock.js';

export interface Expiring {
  /** Epoch ms. */
  expiresAt: number;
}

export class ExpiringMap<V extends Expiring> {
  private readonly entries = new Map<string, V>();

  constructor(
    private readonly clock: Clock,
    private readonly maxEntries: number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  set(key: string, value: V): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.prune();
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }

  /** The live entry, or undefined (an expired one is removed). */
  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v && v.expiresAt <= this.clock.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return v;
  }

  /** The entry even when expired (so callers can tell "expired" from "unknown"); never removes it. */
  peek(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Removes and returns the live entry (single use). */
  take(key: string): V | undefined {
    const v = this.get(key);
    if (v) this.entries.delete(key);
    return v;
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  prune(): void {
    const now = this.clock.now();
    for (const [k, v] of this.entries) if (v.expiresAt <= now) this.entries.delete(k);
  }
}
