/** Access control (IAM) for any scope: role assignments, check access, roles; "Add role assignment". */
import { subscriptionScope } from '../../api/config.js';
import { usePermissions } from '../../api/permissions.js';
import { navigate, setQueryParam } from '../../router.js';
import { deniedHint } from '../../ui/field.js';
import { Page } from '../../ui/page.js';
import { Tabs } from '../../ui/tabs.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { useAsync } from '../../ui/use-async.js';
import { listRoleDefinitions, type RoleDefinition } from './access-api.js';
import { AssignmentsTab } from './assignments-tab.js';
import { CheckAccessTab } from './check-access-tab.js';
import { ScopePicker } from './scope-picker.js';
import { describeScope, normalizeScope } from './scope.js';
import './access.css';

const WRITE = 'Microsoft.Authorization/roleAssignments/write';

/** The scope named by `?scope=` (the subscription when absent). */
export function scopeFromQuery(query: URLSearchParams): string {
  return normalizeScope(query.get('scope') ?? '') || subscriptionScope();
}

function RolesTab(props: { scope: string }) {
  const defs = useAsync(() => listRoleDefinitions(props.scope), [props.scope]);
  const columns: Column<RoleDefinition>[] = [
    { key: 'name', label: 'Name', value: (r) => r.properties.roleName },
    { key: 'description', label: 'Description', value: (r) => r.properties.description },
    { key: 'type', label: 'Type', value: (r) => (r.properties.type === 'BuiltInRole' ? 'Built-in role' : 'Custom role') },
  ];
  return (
    <div>
      <ErrorBanner error={defs.error} />
      <DataTable name="rd" caption="Roles" columns={columns} rows={defs.data} rowKey={(r) => r.id} loading={defs.loading} />
    </div>
  );
}

export function AccessPage(props: { query: URLSearchParams }) {
  const scope = scopeFromQuery(props.query);
  const info = describeScope(scope);
  const perms = usePermissions(scope);
  const added = props.query.get('added');
  const change = (s: string) => {
    const q = new URLSearchParams({ scope: s });
    const tab = props.query.get('tab');
    if (tab) q.set('tab', tab);
    navigate(`/access?${q}`);
  };
  return (
    <Page
      title="Access control (IAM)"
      crumbs={[{ label: 'Home', href: '/' }, { label: 'Access control' }, { label: info.label }]}
      actions={
        <button
          type="button"
          class="primary"
          onClick={() => navigate(`/access/add?scope=${encodeURIComponent(scope)}`)}
          {...deniedHint(perms.can(WRITE), WRITE)}
        >
          Add role assignment
        </button>
      }
    >
      <ScopePicker scope={scope} onChange={change} idPrefix="access" />
      {added && (
        <div class="banner info" role="status">
          <p class="message">Role assignment added: {added}.</p>
          <button type="button" class="link" onClick={() => setQueryParam('added', undefined)} aria-label="Dismiss message">
            Dismiss
          </button>
        </div>
      )}
      <Tabs
        label="Access control"
        tabs={[
          { id: 'assignments', label: 'Role assignments', render: () => <AssignmentsTab scope={scope} /> },
          { id: 'check', label: 'Check access', render: () => <CheckAccessTab scope={scope} /> },
          { id: 'roles', label: 'Roles', render: () => <RolesTab scope={scope} /> },
        ]}
      />
    </Page>
  );
}
