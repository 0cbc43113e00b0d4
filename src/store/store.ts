/**
 * The embedded store: documents by (kind, key), keys compared case-insensitively (stored lower-cased),
 * with the display key and JSON body kept as written. Survives restart and kill -9 (SQLite WAL).
 */
export interface StoredDoc<T = unknown> {
  kind: string;
  /** Key as first written (display casing). */
  key: string;
  body: T;
  /** Monotonic version, bumped on every write (ETags, cache invalidation). */
  version: number;
}

export interface ListOptions {
  /** Case-insensitive key prefix. */
  prefix?: string;
  limit?: number;
}

export interface Store {
  get<T>(kind: string, key: string): StoredDoc<T> | undefined;
  /** Insert or replace. Returns the new version. Keeps the original display key on replace unless `rekey`. */
  put<T>(kind: string, key: string, body: T): number;
  /** Returns true when something was deleted. */
  delete(kind: string, key: string): boolean;
  /** Deletes every document of `kind` whose key starts with `prefix` (case-insensitive). Returns the count. */
  deletePrefix(kind: string, prefix: string): number;
  list<T>(kind: string, opts?: ListOptions): StoredDoc<T>[];
  count(kind: string): number;
  /** Runs `fn` atomically (all writes or none). Nested calls join the outer transaction. */
  transaction<R>(fn: () => R): R;
  /** Change counter per kind: lets caches (RBAC snapshot…) know when to rebuild. */
  generation(kind: string): number;
  close(): void;
}
