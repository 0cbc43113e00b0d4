/**
 * The store-backed authorizer the request pipeline calls for every authenticated request.
 * It wraps the pure evaluator (src/authz) with the role assignments and custom roles kept in the store.
 */
import type { Principal } from '../../shared/principal.js';
import type { DenialInfo } from '../../http/plane.js';

export interface AuthorizeRequest {
  principal: Principal;
  action: string;
  dataAction: boolean;
  scope: string;
  /** ABAC attributes for conditions, e.g. `@Resource[Microsoft.Storage/storageAccounts/blobServices/containers:name]`. */
  attributes?: Record<string, string>;
  /** Plane name, for the denial log. */
  plane?: string;
}

export interface AuthorizeResult {
  /** Whether the request may proceed (true in soft/off modes even when the evaluator denies). */
  allowed: boolean;
  /** What the evaluator decided, regardless of mode. */
  evaluatorAllowed: boolean;
  denial?: DenialInfo;
}

export interface Authorizer {
  authorize(req: AuthorizeRequest): AuthorizeResult;
  /** The evaluator's answer alone: nothing logged or remembered (used to filter lists to what the caller may read).
   *  True in soft and off modes, as authorize() would allow. */
  permits(req: AuthorizeRequest): boolean;
}
