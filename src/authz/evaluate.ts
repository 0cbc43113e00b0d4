/**
 * The pure RBAC evaluator (reference rbac-arm.md §2.11 without deny assignments): an immutable snapshot of
 * role assignments and role definitions, indexed by principal, answering "may these principals perform
 * this action at this scope?" with an explanation of every assignment of the principals.
 */
import { normalizeScope } from '../shared/resource-id.js';
import { anyActionMatches } from './action-match.js';
import { compileCondition, type CompiledCondition } from './condition.js';
import type { Permission, RoleAssignment, RoleDefinition } from './types.js';

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

/** How a role's permission blocks treat one action. */
type RoleActionResult =
  | { kind: 'grant' }
  | { kind: 'conditional'; conditions: CompiledCondition[] }
  | { kind: 'excluded' }
  | { kind: 'none' };

const GRANT: RoleActionResult = { kind: 'grant' };
const EXCLUDED: RoleActionResult = { kind: 'excluded' };
const NONE: RoleActionResult = { kind: 'none' };
const MAX_ACTION_CACHE = 4096;

function compileVersioned(condition: string, version: string | undefined): CompiledCondition {
  if (version !== undefined && version !== '2.0') return { ok: false, error: `unsupported conditionVersion '${version}'` };
  return compileCondition(condition);
}

/** A role definition with per-action match caches. */
class CompiledRole {
  private readonly control = new Map<string, RoleActionResult>();
  private readonly data = new Map<string, RoleActionResult>();
  private readonly blockConditions: Array<CompiledCondition | undefined>;

  constructor(readonly role: RoleDefinition) {
    this.blockConditions = role.permissions.map((p) =>
      p.condition ? compileVersioned(p.condition, p.conditionVersion) : undefined,
    );
  }

  resultFor(action: string, dataAction: boolean): RoleActionResult {
    const cache = dataAction ? this.data : this.control;
    let r = cache.get(action);
    if (r === undefined) {
      r = this.compute(action, dataAction);
      if (cache.size >= MAX_ACTION_CACHE) cache.clear();
      cache.set(action, r);
    }
    return r;
  }

  private compute(action: string, dataAction: boolean): RoleActionResult {
    let excluded = false;
    const conditions: CompiledCondition[] = [];
    const perms = this.role.permissions;
    for (let i = 0; i < perms.length; i++) {
      const p: Permission = perms[i];
      if (!anyActionMatches((dataAction ? p.dataActions : p.actions) ?? [], action)) continue;
      if (anyActionMatches((dataAction ? p.notDataActions : p.notActions) ?? [], action)) {
        excluded = true;
        continue;
      }
      const c = this.blockConditions[i];
      if (!c) return GRANT;
      conditions.push(c);
    }
    if (conditions.length > 0) return { kind: 'conditional', conditions };
    return excluded ? EXCLUDED : NONE;
  }
}

/** One role assignment, pre-normalized. */
class Entry {
  readonly scopeNorm: string;
  readonly scopePrefix: string;
  readonly isRoot: boolean;
  readonly condition?: CompiledCondition;
  private readonly outcomes = new Map<ConsideredOutcome, ConsideredAssignment>();

  constructor(
    readonly assignment: RoleAssignment,
    readonly role: CompiledRole | undefined,
  ) {
    this.scopeNorm = normalizeScope(assignment.scope);
    this.isRoot = this.scopeNorm === '/';
    this.scopePrefix = this.scopeNorm + '/';
    if (assignment.condition) this.condition = compileVersioned(assignment.condition, assignment.conditionVersion);
  }

  covers(target: string): boolean {
    return this.isRoot || target === this.scopeNorm || target.startsWith(this.scopePrefix);
  }

  /** The (shared, frozen) explanation record for an outcome. */
  considered(outcome: ConsideredOutcome): ConsideredAssignment {
    let c = this.outcomes.get(outcome);
    if (!c) {
      c = Object.freeze(
        this.role ? { assignment: this.assignment, role: this.role.role, outcome } : { assignment: this.assignment, outcome },
      );
      this.outcomes.set(outcome, c);
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
  const i = id.lastIndexOf('/');
  return (i >= 0 ? id.slice(i + 1) : id).toLowerCase();
}

/** Normalizes a request scope; the common case (already clean) costs one toLowerCase. */
function normalizeTarget(scope: string): string {
  const t = scope.toLowerCase();
  if (t.charCodeAt(0) !== 47 /* / */ || t.includes('//') || (t.length > 1 && t.endsWith('/'))) return normalizeScope(scope);
  return t;
}

const EMPTY: readonly Entry[] = Object.freeze([]);

/** An immutable, indexed view of role assignments and role definitions. */
export class AuthzSnapshot {
  private readonly byPrincipal = new Map<string, Entry[]>();
  private readonly rolesById = new Map<string, CompiledRole>();
  readonly assignmentCount: number;

  constructor(assignments: readonly RoleAssignment[], roles: readonly RoleDefinition[]) {
    for (const r of roles) this.rolesById.set(r.name.toLowerCase(), new CompiledRole(freezeRole(r)));
    for (const a of assignments) {
      const frozen = Object.isFrozen(a) ? a : Object.freeze({ ...a });
      const entry = new Entry(frozen, this.rolesById.get(lastSegment(a.roleDefinitionName)));
      const key = a.principalId.toLowerCase();
      const list = this.byPrincipal.get(key);
      if (list) list.push(entry);
      else this.byPrincipal.set(key, [entry]);
    }
    this.assignmentCount = assignments.length;
  }

  /** The role definition with this GUID (or id ending in it), if known. */
  role(roleId: string): RoleDefinition | undefined {
    return this.rolesById.get(lastSegment(roleId))?.role;
  }

  /** The assignments held directly by one principal id. */
  assignmentsOf(principalId: string): RoleAssignment[] {
    return this.entriesOf(principalId).map((e) => e.assignment);
  }

  private entriesOf(principalId: string): readonly Entry[] {
    return this.byPrincipal.get(principalId) ?? this.byPrincipal.get(principalId.toLowerCase()) ?? EMPTY;
  }

  check(req: AccessCheck): Decision {
    const target = normalizeTarget(req.scope);
    const considered: ConsideredAssignment[] = [];
    let grantedBy: Decision['grantedBy'];
    const ids = req.principalIds;
    for (let i = 0; i < ids.length; i++) {
      if (i > 0 && ids.indexOf(ids[i]) < i) continue;
      const entries = this.entriesOf(ids[i]);
      for (let j = 0; j < entries.length; j++) {
        const e = entries[j];
        const outcome = this.evaluate(e, target, req);
        considered.push(e.considered(outcome));
        if (outcome === 'granted' && !grantedBy) grantedBy = { assignment: e.assignment, role: e.role!.role };
      }
    }
    return grantedBy ? { allowed: true, grantedBy, considered } : { allowed: false, considered };
  }

  /** True when the principals may perform the action; same result as `check(req).allowed`. */
  isAllowed(req: AccessCheck): boolean {
    const target = normalizeTarget(req.scope);
    const ids = req.principalIds;
    for (let i = 0; i < ids.length; i++) {
      const entries = this.entriesOf(ids[i]);
      for (let j = 0; j < entries.length; j++) if (this.evaluate(entries[j], target, req) === 'granted') return true;
    }
    return false;
  }

  private evaluate(e: Entry, target: string, req: AccessCheck): ConsideredOutcome {
    if (!e.role) return 'role-not-found';
    if (!e.covers(target)) return 'scope-does-not-cover';
    const r = e.role.resultFor(req.action, req.dataAction);
    if (r.kind === 'none') return 'action-not-in-role';
    if (r.kind === 'excluded') return 'excluded-by-not-actions';
    if (r.kind === 'conditional' && !r.conditions.some((c) => c.ok && c.evaluate(req))) return 'condition-not-met';
    if (e.condition && !(e.condition.ok && e.condition.evaluate(req))) return 'condition-not-met';
    return 'granted';
  }
}
