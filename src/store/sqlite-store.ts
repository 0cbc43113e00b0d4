import Database from 'better-sqlite3';
import { mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import type { ListOptions, Store, StoredDoc } from './store.js';

interface Row {
  kind: string;
  key: string;
  display_key: string;
  body: string;
  version: number;
}

/** Upper bound for a prefix range scan: every key starting with `p` sorts below `p + '\uffff'`. */
const PREFIX_END = '\uffff';

export function openSqliteStore(dir: string): Store {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = join(dir, 'cerulean.db');
  const db = new Database(file);
  chmodSync(file, 0o600);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS docs (
      kind TEXT NOT NULL,
      key TEXT NOT NULL,
      display_key TEXT NOT NULL,
      body TEXT NOT NULL,
      version INTEGER NOT NULL,
      PRIMARY KEY (kind, key)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
  `);
  const sGet = db.prepare<[string, string], Row>('SELECT * FROM docs WHERE kind = ? AND key = ?');
  const sPut = db.prepare(
    `INSERT INTO docs (kind, key, display_key, body, version) VALUES (@kind, @key, @display, @body, 1)
     ON CONFLICT(kind, key) DO UPDATE SET body = excluded.body, display_key = excluded.display_key, version = docs.version + 1
     RETURNING version`,
  );
  const sDel = db.prepare('DELETE FROM docs WHERE kind = ? AND key = ?');
  const sDelPrefix = db.prepare('DELETE FROM docs WHERE kind = ? AND key >= ? AND key < ?');
  const sList = db.prepare<[string], Row>('SELECT * FROM docs WHERE kind = ? ORDER BY key');
  const sListPrefix = db.prepare<[string, string, string], Row>(
    'SELECT * FROM docs WHERE kind = ? AND key >= ? AND key < ? ORDER BY key',
  );
  const sCount = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM docs WHERE kind = ?');
  const generations = new Map<string, number>();
  // Read-through cache of rows (the process is the only writer). Bodies are parsed on every get, so callers
  // may mutate what they get without corrupting the cache.
  const cache = new Map<string, Row | null>();
  const CACHE_MAX = 50_000;
  const cacheKey = (kind: string, key: string) => `${kind}\u0000${key}`;
  const remember = (k: string, row: Row | null) => {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
    cache.set(k, row);
  };
  const bump = (kind: string) => generations.set(kind, (generations.get(kind) ?? 0) + 1);
  const toDoc = <T>(r: Row): StoredDoc<T> => ({ kind: r.kind, key: r.display_key, body: JSON.parse(r.body) as T, version: r.version });

  return {
    get<T>(kind: string, key: string) {
      const lower = key.toLowerCase();
      const k = cacheKey(kind, lower);
      let r = cache.get(k);
      if (r === undefined) {
        r = sGet.get(kind, lower) ?? null;
        remember(k, r);
      }
      return r ? toDoc<T>(r) : undefined;
    },
    put<T>(kind: string, key: string, body: T) {
      const lower = key.toLowerCase();
      cache.delete(cacheKey(kind, lower));
      const r = sPut.get({ kind, key: lower, display: key, body: JSON.stringify(body) }) as { version: number };
      bump(kind);
      return r.version;
    },
    delete(kind: string, key: string) {
      const lower = key.toLowerCase();
      cache.delete(cacheKey(kind, lower));
      const n = sDel.run(kind, lower).changes;
      if (n) bump(kind);
      return n > 0;
    },
    deletePrefix(kind: string, prefix: string) {
      const p = prefix.toLowerCase();
      const head = cacheKey(kind, p);
      for (const k of cache.keys()) if (k.startsWith(head)) cache.delete(k);
      const n = sDelPrefix.run(kind, p, p + PREFIX_END).changes;
      if (n) bump(kind);
      return n;
    },
    list<T>(kind: string, opts: ListOptions = {}) {
      let rows: Row[];
      if (opts.prefix !== undefined) {
        const p = opts.prefix.toLowerCase();
        rows = sListPrefix.all(kind, p, p + PREFIX_END);
      } else rows = sList.all(kind);
      if (opts.limit !== undefined) rows = rows.slice(0, opts.limit);
      return rows.map((r) => toDoc<T>(r));
    },
    count(kind: string) {
      return sCount.get(kind)?.n ?? 0;
    },
    transaction<R>(fn: () => R): R {
      if (db.inTransaction) return fn();
      try {
        return db.transaction(fn)();
      } catch (err) {
        // Rolled back: rows read inside the transaction may be gone, and so may be what caches built from them
        // while the generations already counted its writes; a new generation for every kind makes them look again.
        cache.clear();
        for (const kind of generations.keys()) bump(kind);
        throw err;
      }
    },
    generation(kind: string) {
      return generations.get(kind) ?? 0;
    },
    close() {
      if (db.open) db.close();
    },
  };
}
