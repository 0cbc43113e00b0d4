/** Role assignments at and above a scope, with principal names and types; remove (confirmed) where allowed. */
import { clearPermissions, usePermissions } from '../../api/permissions.js';
import { Link } from '../../router.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { useConfirm } from '../../ui/confirm-dialog.js';
import { deniedHint } from '../../ui/field.js';
import { useAsync } from '../../ui/use-async.js';
import { deleteAssignment } from './access-api.js';
import { loadAssignmentRows, roleNameOf, type AssignmentRow } from './assignment-rows.js';
import { PrincipalCell, principalKindLabel } from './principal-cell.js';
import { accessHref, describeScope } from './scope.js';

const DELETE = 'Microsoft.Authorization/roleAssignments/delete';

export function ScopeCell(props: { scope: string }) {
  const info = describeScope(props.scope);
  return (
    <span title={props.scope}>
      {info.kind === 'Resource' ? info.label : info.kind === 'Subscription' ? 'Subscription' : info.label}
    </span>
  );
}

export function InheritedCell(props: { scope: string; inherited: boolean }) {
  if (!props.inherited) return <span>This resource</span>;
  return (
    <span>
      Inherited from <Link href={accessHref(props.scope)}>{describeScope(props.scope).label}</Link>
    </span>
  );
}

export function AssignmentsTab(props: { scope: string }) {
  const rows = useAsync((signal) => loadAssignmentRows(props.scope, undefined, signal), [props.scope]);
  const perms = usePermissions(props.scope);
  const confirm = useConfirm();
  const canDelete = perms.can(DELETE);
  const remove = (r: AssignmentRow) => {
    const who = r.principal?.displayName ?? r.assignment.properties.principalId;
    confirm.ask({
      title: 'Remove role assignment',
      confirmLabel: 'Remove',
      danger: true,
      children: (
        <p>
          Remove the role assignment <strong>{roleNameOf(r)}</strong> of <strong>{who}</strong> at <code>{r.assignment.properties.scope}</code>? The
          principal loses the access this role gave it here.
        </p>
      ),
      onConfirm: async () => {
        await deleteAssignment(r.assignment.id);
        clearPermissions();
        rows.reload();
      },
    });
  };
  const columns: Column<AssignmentRow>[] = [
    {
      key: 'name',
      label: 'Name',
      value: (r) => `${r.principal?.displayName ?? ''} ${r.principal?.detail ?? r.assignment.properties.principalId}`,
      render: (r) => <PrincipalCell principal={r.principal} id={r.assignment.properties.principalId} />,
    },
    { key: 'type', label: 'Type', value: (r) => principalKindLabel(r.principal, r.assignment.properties.principalType) },
    { key: 'role', label: 'Role', value: roleNameOf },
    { key: 'scope', label: 'Scope', value: (r) => r.assignment.properties.scope, render: (r) => <ScopeCell scope={r.assignment.properties.scope} /> },
    {
      key: 'inherited',
      label: 'Inherited from',
      value: (r) => (r.inherited ? r.assignment.properties.scope : ''),
      render: (r) => <InheritedCell scope={r.assignment.properties.scope} inherited={r.inherited} />,
    },
    {
      key: 'actions',
      label: 'Actions',
      value: () => '',
      render: (r) => {
        const who = r.principal?.displayName ?? r.assignment.properties.principalId;
        const hint = r.inherited
          ? { disabled: true, title: `Inherited from ${r.assignment.properties.scope}: remove it at that scope.` }
          : deniedHint(canDelete, DELETE);
        return (
          <button type="button" class="small" aria-label={`Remove ${roleNameOf(r)} for ${who}`} onClick={() => remove(r)} {...hint}>
            Remove
          </button>
        );
      },
    },
  ];
  return (
    <div>
      <ErrorBanner error={rows.error} />
      <div class="access-list">
        <DataTable
          name="ra"
          caption="Role assignments"
          columns={columns}
          rows={rows.data}
          rowKey={(r) => r.assignment.id}
          loading={rows.loading}
          empty="No role assignments at or above this scope."
          toolbar={
            <button type="button" onClick={rows.reload} disabled={rows.loading}>
              Refresh
            </button>
          }
        />
      </div>
      {confirm.dialog}
    </div>
  );
}
