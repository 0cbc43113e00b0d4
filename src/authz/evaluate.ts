/**
 * The pure RBAC evaluator (reference rbac-arm.md §2.11 without deny assignments): an immutable snapshot of
 * role assignments and role definitions, indexed by principal, answering "may these principals perform
 * this action at this scope?" with an explanation of every assignment of the principals.
 */
import type { CompiledCondition } from './condition.js';
import { CompiledRole, compileVersionedCondition } from './compiled-role.js';
import { ScopeIndex } from './scope-index.js';
import type { RoleAssignment, RoleDefinition } from './types.js';

export interface AccessCheck {
  /** The caller's object id plus the ids of its (transitive) groups. */
  principalIds: string[];
  action: string;
  /** True for a data action (DataActions/NotDataActions), false for a control-plane action. */
  dataAction: boolean;
  /** The target resource id or scope. */
  scope: string;
  /** ABAC attributes keyed by full reference, e.g. `@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]`. */
  attributes?: Record<string, string>;
  /** The request's sub-operation (e.g. `Blob.List`) for `SubOperationMatches`. */
  subOperation?: string;
}

export type ConsideredOutcome =
  | 'granted'
  | 'scope-does-not-cover'
  | 'action-not-in-role'
  | 'excluded-by-not-actions'
  | 'condition-not-met'
  | 'role-not-found';

export interface ConsideredAssignment {
  assignment: RoleAssignment;
  role?: RoleDefinition;
  outcome: ConsideredOutcome;
}

export interface Decision {
  allowed: boolean;
  grantedBy?: { assignment: RoleAssignment; role: RoleDefinition };
  /** Every assignment of the principals (all scopes), with why it did or did not grant. */
  considered: ConsideredAssignment[];
}

const MAX_ACTION_IDS = 4096;

/** Outcomes in array order, so each assignment can hold one shared explanation record per outcome. */
const OUTCOMES: readonly ConsideredOutcome[] = [
  'granted',
  'scope-does-not-cover',
  'action-not-in-role',
  'excluded-by-not-actions',
  'condition-not-met',
  'role-not-found',
];
const GRANTED = 0;
const SCOPE_DOES_NOT_COVER = 1;
const ACTION_NOT_IN_ROLE = 2;
const EXCLUDED_BY_NOT_ACTIONS = 3;
const CONDITION_NOT_MET = 4;
const ROLE_NOT_FOUND = 5;

/** One role assignment, pre-resolved. */
class Entry {
  readonly condition: CompiledCondition | undefined;
  private readonly records: Array<ConsideredAssignment | undefined> = [];

  constructor(
    readonly assignment: RoleAssignment,
    readonly role: CompiledRole | undefined,
    readonly scopeId: number,
  ) {
    this.condition = assignment.condition
      ? compileVersionedCondition(assignment.condition, assignment.conditionVersion)
      : undefined;
  }

  /** The shared, frozen explanation record for an outcome. */
  record(outcome: number): ConsideredAssignment {
    let c = this.records[outcome];
    if (c === undefined) {
      const o = OUTCOMES[outcome];
      c = Object.freeze(this.role ? { assignment: this.assignment, role: this.role.role, outcome: o } : { assignment: this.assignment, outcome: o });
      this.records[outcome] = c;
    }
    return c;
  }
}

function freezeRole(role: RoleDefinition): RoleDefinition {
  if (Object.isFrozen(role)) return role;
  const copy = structuredClone(role);
  for (const p of copy.permissions) {
    Object.freeze(p.actions);
    Object.freeze(p.notActions);
    Object.freeze(p.dataActions);
    Object.freeze(p.notDataActions);
    Object.freeze(p);
  }
  Object.freeze(copy.permissions);
  Object.freeze(copy.assignableScopes);
  return Object.freeze(copy);
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1).toLowerCase();
}

const EMPTY: readonly Entry[] = Object.freeze([]);

/**
 * An immutable, indexed view of role assignments and role definitions. Build a new one when either
 * changes; checks are synchronous and never observe a partial update.
 */
export class AuthzSnapshot {
  readonly assignmentCount: number;
  private readonly byPrincipal = new Map<string, Entry[]>();
  private readonly rolesById = new Map<string, CompiledRole>();
  private readonly scopes = new ScopeIndex();
  private readonly controlActionIds = new Map<string, number>();
  private readonly dataActionIds = new Map<string, number>();

  constructor(assignments: readonly RoleAssignment[], roles: readonly RoleDefinition[]) {
    for (const r of roles) this.rolesById.set(r.name.toLowerCase(), new CompiledRole(freezeRole(r)));
    for (const a of assignments) {
      const frozen = Object.isFrozen(a) ? a : Object.freeze({ ...a });
      const role = this.rolesById.get(lastSegment(a.roleDefinitionName));
      const entry = new Entry(frozen, role, this.scopes.intern(a.scope));
      const key = a.principalId.toLowerCase();
      const list = this.byPrincipal.get(key);
      if (list) list.push(entry);
      else this.byPrincipal.set(key, [entry]);
    }
    this.assignmentCount = assignments.length;
  }

  /** The role definition with this GUID (or an id ending in it), if known. */
  role(roleId: string): RoleDefinition | undefined {
    return this.rolesById.get(lastSegment(roleId))?.role;
  }

  /** The assignments held directly by one principal id. */
  assignmentsOf(principalId: string): RoleAssignment[] {
    return this.entriesOf(principalId).map((e) => e.assignment);
  }

  /** Decides a request and explains every assignment of its principals. */
  check(req: AccessCheck): Decision {
    const stamp = this.scopes.mark(req.scope);
    const actionId = this.actionId(req.action, req.dataAction);
    const ids = req.principalIds;
    const lists: Array<readonly Entry[]> = [];
    let total = 0;
    for (let i = 0; i < ids.length; i++) {
      if (i > 0 && ids.indexOf(ids[i]) < i) continue;
      const entries = this.entriesOf(ids[i]);
      lists.push(entries);
      total += entries.length;
    }
    const considered = new Array<ConsideredAssignment>(total);
    let n = 0;
    let grantedBy: Decision['grantedBy'];
    for (let i = 0; i < lists.length; i++) {
      const entries = lists[i];
      for (let j = 0; j < entries.length; j++) {
        const e = entries[j];
        const outcome = this.evaluate(e, stamp, actionId, req);
        considered[n++] = e.record(outcome);
        if (outcome === GRANTED && grantedBy === undefined) grantedBy = { assignment: e.assignment, role: e.role!.role };
      }
    }
    return grantedBy ? { allowed: true, grantedBy, considered } : { allowed: false, considered };
  }

  /** Same answer as `check(req).allowed`, without the explanation. */
  isAllowed(req: AccessCheck): boolean {
    const stamp = this.scopes.mark(req.scope);
    const actionId = this.actionId(req.action, req.dataAction);
    const ids = req.principalIds;
    for (let i = 0; i < ids.length; i++) {
      const entries = this.entriesOf(ids[i]);
      for (let j = 0; j < entries.length; j++) if (this.evaluate(entries[j], stamp, actionId, req) === GRANTED) return true;
    }
    return false;
  }

  private entriesOf(principalId: string): readonly Entry[] {
    const direct = this.byPrincipal.get(principalId);
    if (direct !== undefined) return direct;
    const lower = principalId.toLowerCase();
    return lower === principalId ? EMPTY : (this.byPrincipal.get(lower) ?? EMPTY);
  }

  /** A small number per distinct action string, used to index the roles' result caches. */
  private actionId(action: string, dataAction: boolean): number {
    const ids = dataAction ? this.dataActionIds : this.controlActionIds;
    let id = ids.get(action);
    if (id === undefined) {
      if (ids.size >= MAX_ACTION_IDS) return -1;
      id = ids.size;
      ids.set(action, id);
    }
    return id;
  }

  private evaluate(e: Entry, stamp: number, actionId: number, req: AccessCheck): number {
    const role = e.role;
    if (role === undefined) return ROLE_NOT_FOUND;
    if (!this.scopes.covers(e.scopeId, stamp)) return SCOPE_DOES_NOT_COVER;
    const r = role.resultAt(actionId, req.action, req.dataAction);
    if (r.kind === 'none') return ACTION_NOT_IN_ROLE;
    if (r.kind === 'excluded') return EXCLUDED_BY_NOT_ACTIONS;
    if (r.kind === 'conditional' && !r.conditions.some((c) => c.ok && c.evaluate(req))) return CONDITION_NOT_MET;
    const c = e.condition;
    if (c !== undefined && !(c.ok && c.evaluate(req))) return CONDITION_NOT_MET;
    return GRANTED;
  }
}
