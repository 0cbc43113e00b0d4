/**
 * The store-backed Authorizer: an AuthzSnapshot of every role assignment and role definition (built-in and
 * custom), rebuilt lazily when either kind changes in the store, so new assignments take effect on the next
 * request. Modes: strict (deny), soft (allow, log the would-be denial), off (allow, no evaluation).
 * Denials (only they: allowed requests write nothing) go to the persistent denial log (denial-log.ts).
 */
import type { Store } from '../../store/store.js';
import type { Logger } from '../../platform/logger.js';
import type { Directory } from '../../directory/types.js';
import type { Clock } from '../../shared/clock.js';
import type { EnforcementMode } from '../../platform/context.js';
import type { Principal } from '../../shared/principal.js';
import { principalDisplayId } from '../../shared/principal.js';
import { randomIds, type IdGenerator } from '../../shared/ids.js';
import { parseResourceId } from '../../shared/resource-id.js';
import type { DenialInfo } from '../../http/plane.js';
import { AuthzSnapshot, type AccessCheck } from '../../authz/evaluate.js';
import { explainDenial } from '../../authz/explain.js';
import type { AuthorizeRequest, AuthorizeResult, Authorizer } from './authorizer-types.js';
import { ROLE_ASSIGNMENT_KIND, listAllRoleAssignments } from './role-assignment-store.js';
import { ROLE_DEFINITION_KIND, allRoleDefinitions } from './role-definition-store.js';
import { MAX_DENIALS, denialLogFor, type DenialLog, type DenialRecord, type DenialSuggestion } from './denial-log.js';

export type { DenialRecord, DenialSuggestion } from './denial-log.js';

/** How many denials `recentDenials()` returns at most (the denial log's bound). */
export const MAX_RECENT_DENIALS = MAX_DENIALS;

export interface AuthorizerOptions {
  store: Store;
  enforcement: EnforcementMode;
  log: Logger;
  directory: Directory;
  clock: Clock;
  /** GUIDs of denial records (default: random). */
  ids?: IdGenerator;
  /** Where denials are kept (default: the store's shared denial log). */
  denialLog?: DenialLog;
}

/** The full ARM id of a role definition, at the subscription of `scope` (tenant level above subscriptions). */
export function roleDefinitionIdAt(scope: string, roleGuid: string): string {
  const sub = parseResourceId(scope).subscriptionId;
  const prefix = sub ? `/subscriptions/${sub}` : '';
  return `${prefix}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}

export interface StoreAuthorizer extends Authorizer {
  /** The most recent denials (at most MAX_RECENT_DENIALS, kept across restarts), oldest first. */
  recentDenials(): DenialRecord[];
  /** The persistent denial log this authorizer writes. */
  denialLog(): DenialLog;
  /** The current snapshot (rebuilt if the store changed). */
  snapshot(): AuthzSnapshot;
  /** The caller's object id plus its group ids (from the token's `groups` claim). */
  principalIdsOf(principal: Principal): string[];
}

export function principalIdsOf(principal: Principal): string[] {
  const ids = [principal.objectId];
  const groups = principal.claims?.groups;
  if (Array.isArray(groups)) for (const g of groups) if (typeof g === 'string' && !ids.includes(g)) ids.push(g);
  return ids;
}

export function createAuthorizer(opts: AuthorizerOptions): StoreAuthorizer {
  const { store, enforcement, log, clock } = opts;
  const ids = opts.ids ?? randomIds;
  const denials = opts.denialLog ?? denialLogFor(store);
  let cached: AuthzSnapshot | undefined;
  let cachedRoles = allRoleDefinitions(store);
  let genA = -1;
  let genD = -1;

  function snapshot(): AuthzSnapshot {
    const a = store.generation(ROLE_ASSIGNMENT_KIND);
    const d = store.generation(ROLE_DEFINITION_KIND);
    if (!cached || a !== genA || d !== genD) {
      if (d !== genD || !cached) cachedRoles = allRoleDefinitions(store);
      cached = new AuthzSnapshot(listAllRoleAssignments(store), cachedRoles);
      genA = a;
      genD = d;
    }
    return cached;
  }

  function remember(rec: DenialRecord): void {
    try {
      denials.append(rec);
    } catch (err) {
      // The decision stands even when the log cannot be written (store closing at shutdown…).
      log.warn({ evt: 'authz.denial-log-failed', err: err instanceof Error ? err.message : String(err) });
    }
  }

  return {
    permits(req: AuthorizeRequest): boolean {
      if (enforcement !== 'strict') return true;
      return snapshot().isAllowed({
        principalIds: principalIdsOf(req.principal),
        action: req.action,
        dataAction: req.dataAction,
        scope: req.scope,
        attributes: req.attributes,
      });
    },
    authorize(req: AuthorizeRequest): AuthorizeResult {
      if (enforcement === 'off') return { allowed: true, evaluatorAllowed: true };
      const snap = snapshot();
      const check: AccessCheck = {
        principalIds: principalIdsOf(req.principal),
        action: req.action,
        dataAction: req.dataAction,
        scope: req.scope,
        attributes: req.attributes,
      };
      // The common case needs only the answer; the explanation of every assignment is built for denials.
      if (snap.isAllowed(check)) return { allowed: true, evaluatorAllowed: true };
      const decision = snap.check(check);
      if (decision.allowed) return { allowed: true, evaluatorAllowed: true };
      const explained = explainDenial(check, decision, cachedRoles);
      const suggestions: DenialSuggestion[] = explained.suggestions.map((s) => ({
        roleName: s.roleName,
        roleId: s.roleId,
        roleDefinitionId: roleDefinitionIdAt(req.scope, s.roleId),
        scope: s.scope,
      }));
      const denial: DenialInfo = {
        action: req.action,
        dataAction: req.dataAction,
        scope: req.scope,
        explanation: explained.summary,
        suggestions: suggestions.map((s) => ({ roleName: s.roleName, roleId: s.roleId, scope: s.scope })),
      };
      const enforced = enforcement === 'strict';
      const client = principalDisplayId(req.principal);
      remember({
        ...denial,
        suggestions,
        id: ids.uuid(),
        at: new Date(clock.now()).toISOString(),
        principal: req.principal.objectId,
        principalType: req.principal.type,
        client,
        plane: req.plane,
        mode: enforcement,
        enforced,
      });
      const line = {
        evt: 'authz.denied',
        principal: req.principal.objectId,
        client,
        action: req.action,
        dataAction: req.dataAction,
        scope: req.scope,
        plane: req.plane,
        mode: enforcement,
        enforced,
        explanation: denial.explanation,
      };
      if (enforced) log.info(line);
      else log.warn(line);
      return { allowed: !enforced, evaluatorAllowed: false, denial };
    },
    recentDenials: () => denials.all(),
    denialLog: () => denials,
    snapshot,
    principalIdsOf,
  };
}

/** Recent denials of an authorizer made by createAuthorizer ([] for other implementations). */
export function recentDenials(authz: Authorizer): DenialRecord[] {
  const a = authz as Partial<StoreAuthorizer>;
  return typeof a.recentDenials === 'function' ? a.recentDenials() : [];
}
