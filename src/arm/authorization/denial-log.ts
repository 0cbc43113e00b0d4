/**
 * The denial log: every authorization decision that was a denial (enforced, or reported in soft mode), kept in
 * the store (kind `authz.denial`) so it survives restart. Bounded to the newest `max` records; older ones are
 * pruned in batches of a tenth of `max`, so each denial costs O(1) amortised. Keys are a zero-padded sequence
 * number plus the denial's GUID, so the store's key order is the order the denials happened in. The kept
 * records are mirrored in memory for queries; the store is read once, on first use.
 */
import type { Store } from '../../store/store.js';
import type { DenialInfo } from '../../http/plane.js';
import type { EnforcementMode } from '../../platform/context.js';
import type { PrincipalType } from '../../shared/principal.js';
import { isScopeAtOrAbove } from '../../shared/resource-id.js';

export const DENIAL_KIND = 'authz.denial';
/** How many denials the log keeps. */
export const MAX_DENIALS = 5000;

export interface DenialSuggestion {
  roleName: string;
  /** The role definition GUID. */
  roleId: string;
  /** `/subscriptions/{sub}/providers/Microsoft.Authorization/roleDefinitions/{guid}`. */
  roleDefinitionId: string;
  scope: string;
}

export interface DenialRecord extends DenialInfo {
  /** The denial's GUID (its name in the ARM API). */
  id: string;
  /** ISO time of the decision. */
  at: string;
  /** Object id of the caller. */
  principal: string;
  principalType: PrincipalType;
  /** UPN or application id, as Azure prints "the client '…'". */
  client: string;
  plane?: string;
  mode: EnforcementMode;
  /** False in soft mode (the request went through). */
  enforced: boolean;
  suggestions: DenialSuggestion[];
}

export interface DenialQuery {
  /** Only denials at this scope or below it (case-insensitive). */
  scope?: string;
  /** Only denials of this principal object id (case-insensitive). */
  principalId?: string;
  /** At most this many. */
  top?: number;
}

export interface DenialLog {
  /** Persists one denial and returns it. */
  append(rec: DenialRecord): DenialRecord;
  /** The kept denials, oldest first (at most `max`). */
  all(): DenialRecord[];
  /** Matching denials, newest first. */
  query(q?: DenialQuery): DenialRecord[];
  /** How many denials the log keeps. */
  readonly max: number;
}

interface Entry {
  key: string;
  rec: DenialRecord;
}

const SEQ_DIGITS = 12;

function keyOf(seq: number, id: string): string {
  return `${String(seq).padStart(SEQ_DIGITS, '0')}.${id}`;
}

function seqOf(key: string): number {
  const n = Number.parseInt(key.slice(0, SEQ_DIGITS), 10);
  return Number.isFinite(n) ? n : 0;
}

/** Opens the denial log kept in `store` (use `denialLogFor` to share one instance per store). */
export function openDenialLog(store: Store, opts: { max?: number } = {}): DenialLog {
  const max = Math.max(1, opts.max ?? MAX_DENIALS);
  const batch = Math.max(1, Math.ceil(max / 10));
  let entries: Entry[] | undefined;
  let nextSeq = 1;

  function load(): Entry[] {
    if (entries) return entries;
    entries = store.list<DenialRecord>(DENIAL_KIND).map((d) => ({ key: d.key, rec: d.body }));
    const last = entries[entries.length - 1];
    nextSeq = last ? seqOf(last.key) + 1 : 1;
    prune(entries);
    return entries;
  }

  function prune(list: Entry[]): void {
    if (list.length <= max + batch) return;
    const gone = list.splice(0, list.length - max);
    store.transaction(() => {
      for (const e of gone) store.delete(DENIAL_KIND, e.key);
    });
  }

  function kept(): Entry[] {
    const list = load();
    return list.length > max ? list.slice(list.length - max) : list;
  }

  return {
    max,
    append(rec) {
      const list = load();
      const key = keyOf(nextSeq, rec.id);
      store.put(DENIAL_KIND, key, rec);
      nextSeq += 1;
      list.push({ key, rec });
      prune(list);
      return rec;
    },
    all() {
      return kept().map((e) => e.rec);
    },
    query(q = {}) {
      const list = kept();
      const principal = q.principalId?.toLowerCase();
      const top = q.top ?? Number.POSITIVE_INFINITY;
      const out: DenialRecord[] = [];
      for (let i = list.length - 1; i >= 0 && out.length < top; i--) {
        const r = list[i].rec;
        if (q.scope !== undefined && !isScopeAtOrAbove(q.scope, r.scope)) continue;
        if (principal !== undefined && r.principal.toLowerCase() !== principal) continue;
        out.push(r);
      }
      return out;
    },
  };
}

const shared = new WeakMap<Store, DenialLog>();

/** The denial log of a store: one instance per store, shared by the authorizer that writes it and the API that reads it. */
export function denialLogFor(store: Store): DenialLog {
  let log = shared.get(store);
  if (!log) {
    log = openDenialLog(store);
    shared.set(store, log);
  }
  return log;
}
