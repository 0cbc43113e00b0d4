/** The platform's denial log: `GET {scope}/providers/Cerulean.Authorization/denials?api-version=2026-01-01`. */
import { API, armGet } from '../../api/arm.js';

export interface DenialSuggestion {
  roleName: string;
  /** Full ARM id at subscription scope. */
  roleDefinitionId: string;
  scope: string;
}

export interface Denial {
  id: string;
  name: string;
  type: string;
  properties: {
    time: string;
    principalId: string;
    /** UPN or application id. */
    principalName: string;
    principalType: 'User' | 'ServicePrincipal' | 'Group';
    action: string;
    isDataAction: boolean;
    scope: string;
    plane: string | null;
    enforced: boolean;
    explanation: string;
    suggestions: DenialSuggestion[];
  };
}

export const MAX_LISTED = 500;

export async function listDenials(scope: string, principalId: string | undefined, signal?: AbortSignal): Promise<Denial[]> {
  const q = new URLSearchParams({ $top: String(MAX_LISTED) });
  if (principalId) q.set('$filter', `principalId eq '${principalId.replace(/'/g, "''")}'`);
  const path = `${scope.replace(/\/+$/, '')}/providers/Cerulean.Authorization/denials?${q.toString().replace(/\+/g, '%20')}`;
  const reply = await armGet<{ value: Denial[] }>(path, API.denials, signal);
  return reply?.value ?? [];
}
