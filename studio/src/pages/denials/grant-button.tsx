/**
 * "Grant {role}": for a user allowed to write role assignments at the suggestion's scope, creates the suggested
 * role assignment with the user's own token after a confirmation showing role, principal and scope.
 */
import { clearPermissions } from '../../api/permissions.js';
import type { ConfirmProps } from '../../ui/confirm-dialog.js';
import { Properties } from '../../ui/page.js';
import { createAssignment, type Principal } from '../access/access-api.js';
import { describeScope } from '../access/scope.js';
import { useScopePermission } from '../access/use-scope-permission.js';
import type { Denial, DenialSuggestion } from './denials-api.js';

const WRITE = 'Microsoft.Authorization/roleAssignments/write';

export interface Granted {
  roleName: string;
  principal: string;
  scope: string;
}

export function GrantButton(props: {
  denial: Denial;
  suggestion: DenialSuggestion;
  principal: Principal | undefined;
  ask: (p: Omit<ConfirmProps, 'onClose'>) => void;
  onGranted: (g: Granted) => void;
}) {
  const { denial, suggestion: s } = props;
  const allowed = useScopePermission(s.scope, WRITE);
  if (allowed === 'loading' || allowed === 'denied') return null;
  const d = denial.properties;
  const who = props.principal?.displayName ?? d.principalName;
  const principalType = d.principalType;
  const open = () =>
    props.ask({
      title: 'Create role assignment',
      confirmLabel: 'Create',
      children: (
        <>
          <p>This creates a role assignment with your own account. Review it before you confirm.</p>
          <Properties
            items={[
              ['Role', s.roleName],
              [
                'Principal',
                <span>
                  {who} ({principalType}) <small class="hint">{d.principalId}</small>
                </span>,
              ],
              [
                'Scope',
                <span>
                  {describeScope(s.scope).label} <code class="denials-id">{s.scope}</code>
                </span>,
              ],
            ]}
          />
        </>
      ),
      onConfirm: async () => {
        await createAssignment(s.scope, s.roleDefinitionId, d.principalId, principalType);
        clearPermissions();
        props.onGranted({ roleName: s.roleName, principal: who, scope: s.scope });
      },
    });
  return (
    <button type="button" class="small primary" onClick={open}>
      Grant {s.roleName}
    </button>
  );
}
