/** All Azure ML workspaces of the subscription. */
import { Page, StateBadge, Time } from '../../ui/page.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { useAsync } from '../../ui/use-async.js';
import { Link } from '../../router.js';
import { groupOf, hrefs, listWorkspaces, nameOf, type Workspace } from '../endpoints/ml-resources.js';
import { ResourceLink, registryHref, storageHref } from './resource-links.js';

const columns: Column<Workspace>[] = [
  { key: 'name', label: 'Name', render: (w) => <Link href={hrefs.workspace(groupOf(w.id), w.name)}>{w.name}</Link> },
  { key: 'group', label: 'Resource group', value: (w) => groupOf(w.id) },
  { key: 'location', label: 'Location' },
  { key: 'state', label: 'State', value: (w) => w.properties.provisioningState, render: (w) => <StateBadge state={w.properties.provisioningState} /> },
  { key: 'storage', label: 'Storage account', value: (w) => nameOf(w.properties.storageAccount), render: (w) => <ResourceLink id={w.properties.storageAccount} href={storageHref} /> },
  { key: 'registry', label: 'Container registry', value: (w) => nameOf(w.properties.containerRegistry), render: (w) => <ResourceLink id={w.properties.containerRegistry} href={registryHref} /> },
  { key: 'created', label: 'Created', value: (w) => w.properties.creationTime ?? w.systemData?.createdAt, render: (w) => <Time iso={w.properties.creationTime ?? w.systemData?.createdAt} /> },
];

export function WorkspaceListPage() {
  const list = useAsync((signal) => listWorkspaces(signal), []);
  return (
    <Page title="Workspaces" crumbs={[{ label: 'Home', href: '/' }, { label: 'Workspaces' }]}>
      <ErrorBanner error={list.error} />
      <div class="endpoints-wide">
        <DataTable
          name="workspaces"
          caption="Workspaces"
          columns={columns}
          rows={list.data}
          rowKey={(w) => w.id}
          loading={list.loading}
          empty="No workspaces in this subscription. Create one with `az ml workspace create`."
        />
      </div>
    </Page>
  );
}
