/** Delete a user-assigned identity, after confirmation; greyed without …/userAssignedIdentities/delete at `scope`. */
import { API, armSend } from '../../api/arm.js';
import { usePermissions } from '../../api/permissions.js';
import { useConfirm } from '../../ui/confirm-dialog.js';
import { deniedHint } from '../../ui/field.js';
import { UAI_ACTIONS, uaiPath } from './identity-api.js';

export function DeleteIdentityButton(props: { group: string; name: string; scope: string; small?: boolean; onDeleted: () => void }) {
  const perms = usePermissions(props.scope);
  const confirm = useConfirm();
  const hint = deniedHint(perms.can(UAI_ACTIONS.delete), UAI_ACTIONS.delete);
  return (
    <>
      <button
        type="button"
        class={props.small ? 'small danger' : 'danger'}
        {...hint}
        aria-label={props.small ? `Delete ${props.name}` : undefined}
        onClick={() =>
          confirm.ask({
            title: 'Delete managed identity',
            confirmLabel: 'Delete',
            danger: true,
            children: (
              <p>
                Delete managed identity <strong>{props.name}</strong> in resource group {props.group}? Its service principal and role assignments are
                removed, and resources that use it lose access. This cannot be undone.
              </p>
            ),
            onConfirm: async () => {
              await armSend('DELETE', uaiPath(props.group, props.name), API.msi);
              props.onDeleted();
            },
          })
        }
      >
        Delete
      </button>
      {confirm.dialog}
    </>
  );
}
