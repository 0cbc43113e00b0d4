/** `/identities`: the user-assigned managed identities of the subscription. */
import { useEffect, useState } from 'preact/hooks';
import { loadPermissions, permits } from '../../api/permissions.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { deniedHint } from '../../ui/field.js';
import { Page } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { Link, navigate } from '../../router.js';
import { UAI_ACTIONS, groupPath, listGroups, listUais, uaiHref, uaiRow, type UaiRow } from './identity-api.js';
import { DeleteIdentityButton } from './identity-delete.js';

/**
 * Whether the user may create an identity in one of the resource groups they can see. `undefined` while unknown (the control stays enabled; the service decides anyway).
 */
function useCanCreate(): boolean | undefined {
  const [can, setCan] = useState<boolean | undefined>();
  useEffect(() => {
    let live = true;
    const allows = (scope: string) => loadPermissions(scope).then((p) => permits(p, UAI_ACTIONS.write), () => false);
    (async () => {
      // Group scopes answer with inherited (subscription) roles too, and need no subscription-wide read.
      const groups = await listGroups();
      for (const g of groups.slice(0, 50)) if (await allows(groupPath(g.name))) return true;
      return false;
    })().then(
      (v) => live && setCan(v),
      () => live && setCan(undefined),
    );
    return () => {
      live = false;
    };
  }, []);
  return can;
}

export function IdentityListPage() {
  const state = useAsync((signal) => listUais(signal).then((l) => l.map(uaiRow)), []);
  const canCreate = useCanCreate();
  const hint = deniedHint(canCreate !== false, UAI_ACTIONS.write);
  const columns: Column<UaiRow>[] = [
    { key: 'name', label: 'Name', render: (r) => <Link href={uaiHref(r.group, r.name)}>{r.name}</Link> },
    { key: 'group', label: 'Resource group' },
    { key: 'location', label: 'Location' },
    { key: 'clientId', label: 'Client id', render: (r) => <code>{r.clientId}</code> },
    { key: 'principalId', label: 'Principal id', render: (r) => <code>{r.principalId}</code> },
    {
      key: 'actions',
      label: 'Actions',
      value: () => '',
      render: (r) => <DeleteIdentityButton small group={r.group} name={r.name} scope={groupPath(r.group)} onDeleted={state.reload} />,
    },
  ];
  return (
    <Page
      title="Managed identities"
      crumbs={[{ label: 'Managed identities' }]}
      actions={
        <button type="button" class="primary" {...hint} onClick={() => navigate('/identities/new')}>
          New
        </button>
      }
    >
      <p class="identities-lead">User-assigned managed identities in the subscription.</p>
      <ErrorBanner error={state.error} />
      <div class="identities-table">
      <DataTable
        name="identities"
        caption="Managed identities"
        columns={columns}
        rows={state.data}
        rowKey={(r) => r.id}
        loading={state.loading}
        empty="No user-assigned identities yet."
        onRefresh={state.reload}
      />
      </div>
    </Page>
  );
}
