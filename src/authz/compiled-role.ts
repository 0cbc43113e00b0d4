/** A role definition prepared for evaluation: compiled block conditions and per-action result caches. */
import { anyActionMatches } from './action-match.js';
import { compileCondition, type CompiledCondition } from './condition.js';
import type { RoleDefinition } from './types.js';

/** How a role's permission blocks treat one action. */
export type RoleActionResult =
  | { kind: 'grant' }
  | { kind: 'conditional'; conditions: CompiledCondition[] }
  | { kind: 'excluded' }
  | { kind: 'none' };

const GRANT: RoleActionResult = { kind: 'grant' };
const EXCLUDED: RoleActionResult = { kind: 'excluded' };
const NONE: RoleActionResult = { kind: 'none' };

/** Compiles a condition; only conditionVersion "2.0" (or none given) is understood. */
export function compileVersionedCondition(condition: string, version: string | undefined): CompiledCondition {
  if (version !== undefined && version !== '2.0') return { ok: false, error: `unsupported conditionVersion '${version}'` };
  return compileCondition(condition);
}

export class CompiledRole {
  private readonly blockConditions: Array<CompiledCondition | undefined>;
  private readonly controlResults: Array<RoleActionResult | undefined> = [];
  private readonly dataResults: Array<RoleActionResult | undefined> = [];

  constructor(readonly role: RoleDefinition) {
    this.blockConditions = role.permissions.map((p) =>
      p.condition ? compileVersionedCondition(p.condition, p.conditionVersion) : undefined,
    );
  }

  /** The result for an action, cached under `actionId` (a snapshot-wide number for the action; -1: do not cache). */
  resultAt(actionId: number, action: string, dataAction: boolean): RoleActionResult {
    if (actionId < 0) return this.compute(action, dataAction);
    const results = dataAction ? this.dataResults : this.controlResults;
    let r = results[actionId];
    if (r === undefined) results[actionId] = r = this.compute(action, dataAction);
    return r;
  }

  /**
   * Actions − NotActions (or DataActions − NotDataActions) per block, OR across blocks. A block with a
   * condition grants only when its condition holds for the request.
   */
  compute(action: string, dataAction: boolean): RoleActionResult {
    let excluded = false;
    const conditions: CompiledCondition[] = [];
    const perms = this.role.permissions;
    for (let i = 0; i < perms.length; i++) {
      const p = perms[i];
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
