/**
 * A bounded map for values derived from directory records (verified secrets, service principals by app id).
 * Every entry is dropped as soon as the directory changes — any write to a directory object or to the index of
 * alternate keys — so a deleted, disabled or re-keyed object is never served from here after the write that changed it.
 */
import type { Store } from '../store/store.js';
import { GenerationCache } from '../store/generation-cache.js';
import { INDEX_KIND, OBJECT_KIND } from './directory-records.js';

export { deepFreeze } from '../store/generation-cache.js';

export class DirectoryCache<V> extends GenerationCache<V> {
  constructor(store: Store, maxEntries?: number) {
    super(store, [OBJECT_KIND, INDEX_KIND], maxEntries);
  }
}
