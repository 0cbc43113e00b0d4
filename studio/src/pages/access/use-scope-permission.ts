/**
 * Whether the signed-in user may perform one action at a scope, with the loading and failure states kept apart
 * (the shared `usePermissions` answers "allowed" until it knows; controls that should only appear for users who
 * may act need to tell "not yet known" from "known").
 */
import { useEffect, useState } from 'preact/hooks';
import { loadPermissions, permits } from '../../api/permissions.js';

export type PermissionState = 'loading' | 'allowed' | 'denied' | 'unknown';

export function useScopePermission(scope: string | undefined, action: string, dataAction = false): PermissionState {
  const [state, setState] = useState<PermissionState>('loading');
  useEffect(() => {
    if (!scope) return;
    let live = true;
    setState('loading');
    loadPermissions(scope).then(
      (p) => live && setState(permits(p, action, dataAction) ? 'allowed' : 'denied'),
      () => live && setState('unknown'),
    );
    return () => {
      live = false;
    };
  }, [scope, action, dataAction]);
  return state;
}
