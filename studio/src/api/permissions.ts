/**
 * What the signed-in user may do at a scope, to grey out controls. Group and resource scopes ask ARM's
 * `permissions` API; at subscription scope (where ARM defines none) it is worked out from the user's role assignments.
 */
import { useEffect, useState } from 'preact/hooks';
import { API, armGet, armList } from './arm.js';
import { account } from './auth.js';

export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions?: string[];
  notDataActions?: string[];
}

function matches(pattern: string, action: string): boolean {
  const re = new RegExp('^' + pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('.*') + '$', 'i');
  return re.test(action);
}

export function permits(perms: Permission[], action: string, dataAction = false): boolean {
  return perms.some((p) => {
    const allow = dataAction ? (p.dataActions ?? []) : p.actions;
    const deny = dataAction ? (p.notDataActions ?? []) : p.notActions;
    return allow.some((a) => matches(a, action)) && !deny.some((a) => matches(a, action));
  });
}

const cache = new Map<string, Promise<Permission[]>>();

function isSubscriptionScope(scope: string): boolean {
  return /^\/subscriptions\/[^/]+\/?$/i.test(scope) || scope === '/';
}

async function subscriptionPermissions(scope: string): Promise<Permission[]> {
  const me = account()?.objectId;
  if (!me) return [];
  const sub = scope.replace(/\/$/, '');
  const assignments = await armList<{ properties: { roleDefinitionId: string; scope: string } }>(
    `${sub}/providers/Microsoft.Authorization/roleAssignments?$filter=${encodeURIComponent(`assignedTo('${me}')`)}`,
    API.authorization,
  );
  const atOrAbove = assignments.filter((a) => a.properties.scope === '/' || a.properties.scope.toLowerCase() === sub.toLowerCase());
  const defs = await Promise.all(
    [...new Set(atOrAbove.map((a) => a.properties.roleDefinitionId))].map((id) =>
      armGet<{ properties: { permissions: Permission[] } }>(id, API.authorization).catch(() => undefined),
    ),
  );
  return defs.flatMap((d) => d?.properties.permissions ?? []);
}

export function loadPermissions(scope: string): Promise<Permission[]> {
  const key = scope.toLowerCase();
  let p = cache.get(key);
  if (!p) {
    p = (isSubscriptionScope(scope)
      ? subscriptionPermissions(scope)
      : armList<Permission>(`${scope.replace(/\/$/, '')}/providers/Microsoft.Authorization/permissions`, API.authorization)
    ).catch((e) => {
      cache.delete(key);
      throw e;
    });
    cache.set(key, p);
  }
  return p;
}

/** Forget cached permissions (after a role assignment changes). */
export function clearPermissions(): void {
  cache.clear();
}

/** `can(action)` for a scope; `undefined` while loading (controls stay enabled until known, the server decides anyway). */
export function usePermissions(scope: string | undefined): { can: (action: string, dataAction?: boolean) => boolean; loaded: boolean } {
  const [perms, setPerms] = useState<Permission[] | undefined>(undefined);
  useEffect(() => {
    if (!scope) return;
    let live = true;
    loadPermissions(scope).then(
      (p) => live && setPerms(p),
      () => live && setPerms(undefined),
    );
    return () => {
      live = false;
    };
  }, [scope]);
  return { can: (action, dataAction) => (perms ? permits(perms, action, dataAction) : true), loaded: perms !== undefined };
}
