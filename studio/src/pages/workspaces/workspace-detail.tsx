/**
 * One workspace: where it is, its storage account and container registry (links to their pages), its identities,
 * its default datastore (account, container, credential type — never secrets), and the way to its endpoints and compute.
 */
import { Page, Properties, StateBadge, Time } from '../../ui/page.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { CopyButton } from '../../ui/field.js';
import { useAsync } from '../../ui/use-async.js';
import { API, armGet } from '../../api/arm.js';
import { ApiFailure } from '../../api/http.js';
import { Link } from '../../router.js';
import { hrefs, nameOf, workspacePath, type Workspace } from '../endpoints/ml-resources.js';
import { ResourceLink, registryHref, storageHref } from './resource-links.js';

interface Datastore {
  id: string;
  name: string;
  properties: {
    datastoreType?: string;
    accountName?: string;
    containerName?: string;
    endpoint?: string;
    protocol?: string;
    isDefault?: boolean;
    serviceDataAccessAuthIdentity?: string;
    credentials?: { credentialsType?: string };
  };
}

interface UaiRow {
  id: string;
  clientId?: string;
  principalId?: string;
  primary: boolean;
}

const uaiColumns: Column<UaiRow>[] = [
  { key: 'name', label: 'Name', value: (r) => nameOf(r.id), render: (r) => <span title={r.id}>{nameOf(r.id)}</span> },
  { key: 'clientId', label: 'Client id', render: (r) => <code>{r.clientId ?? '—'}</code> },
  { key: 'principalId', label: 'Principal id', render: (r) => <code>{r.principalId ?? '—'}</code> },
  { key: 'primary', label: 'Primary', value: (r) => (r.primary ? 'Primary' : ''), render: (r) => (r.primary ? <strong>Primary</strong> : '') },
];

function Id(props: { value: string | undefined; label: string }) {
  if (!props.value) return <span>—</span>;
  return (
    <span>
      <code>{props.value}</code> <CopyButton text={props.value} label={`Copy ${props.label}`} />
    </span>
  );
}

export function WorkspaceDetailPage(props: { group: string; workspace: string }) {
  const { group, workspace } = props;
  const path = workspacePath(group, workspace);
  const ws = useAsync((signal) => armGet<Workspace>(path, API.ml, signal), [path]);
  const store = useAsync(
    (signal) =>
      armGet<Datastore>(`${path}/datastores/workspaceblobstore`, API.ml, signal).catch((e: unknown) => {
        if (e instanceof ApiFailure && e.status === 404) return null;
        throw e;
      }),
    [path],
  );
  const w = ws.data;
  const p = w?.properties;
  const identity = w?.identity;
  const primary = p?.primaryUserAssignedIdentity?.toLowerCase();
  const uais: UaiRow[] = Object.entries(identity?.userAssignedIdentities ?? {}).map(([id, v]) => ({
    id,
    clientId: v.clientId,
    principalId: v.principalId,
    primary: id.toLowerCase() === primary,
  }));
  const ds = store.data;
  return (
    <Page
      title={workspace}
      crumbs={[{ label: 'Home', href: '/' }, { label: 'Workspaces', href: '/workspaces' }, { label: workspace }]}
      actions={
        <>
          <Link href={hrefs.workspaceEndpoints(group, workspace)} class="button endpoints-button">
            Endpoints
          </Link>
          <Link href={hrefs.compute(group, workspace)} class="button endpoints-button">
            Compute
          </Link>
        </>
      }
    >
      <ErrorBanner error={ws.error} />
      {ws.loading && !w && <p role="status">Loading…</p>}
      {w && p && (
        <>
          <section aria-labelledby="ws-overview">
            <h2 id="ws-overview">Overview</h2>
            <Properties
              items={[
                ['Resource group', group],
                ['Location', w.location],
                ['Provisioning state', <StateBadge state={p.provisioningState} />],
                ['Storage account', <ResourceLink id={p.storageAccount} href={storageHref} />],
                ['Container registry', <ResourceLink id={p.containerRegistry} href={registryHref} />],
                ['Key vault', p.keyVault ? <span title={p.keyVault}>{nameOf(p.keyVault)}</span> : undefined],
                ['Application Insights', p.applicationInsights ? <span title={p.applicationInsights}>{nameOf(p.applicationInsights)}</span> : undefined],
                ['Workspace id', <Id value={p.workspaceId} label="workspace id" />],
                ['Discovery URL', p.discoveryUrl],
                ['Public network access', p.publicNetworkAccess],
                ['Created', <Time iso={p.creationTime ?? w.systemData?.createdAt} />],
                ['Resource id', <Id value={w.id} label="resource id" />],
              ]}
            />
          </section>

          <section aria-labelledby="ws-identity">
            <h2 id="ws-identity">Identity</h2>
            <Properties
              items={[
                ['Type', identity?.type ?? 'None'],
                ['System-assigned principal id', <Id value={identity?.principalId} label="system-assigned principal id" />],
                ['Tenant id', identity?.tenantId],
                ['Primary user-assigned identity', p.primaryUserAssignedIdentity ? <span title={p.primaryUserAssignedIdentity}>{nameOf(p.primaryUserAssignedIdentity)}</span> : undefined],
              ]}
            />
            {uais.length > 0 && (
              <>
                <h3>User-assigned identities</h3>
                <DataTable name="uai" caption="User-assigned identities" columns={uaiColumns} rows={uais} rowKey={(r) => r.id} />
              </>
            )}
          </section>
        </>
      )}

      <section aria-labelledby="ws-datastore">
        <h2 id="ws-datastore">Default datastore</h2>
        <ErrorBanner error={store.error} />
        {store.loading && store.data === undefined && <p role="status">Loading…</p>}
        {ds === null && <p class="empty">This workspace has no datastore named workspaceblobstore.</p>}
        {ds && (
          <Properties
            items={[
              ['Name', ds.name],
              ['Type', ds.properties.datastoreType],
              [
                'Storage account',
                ds.properties.accountName ? <Link href={`/storage/${encodeURIComponent(storageGroup(p?.storageAccount, ds.properties.accountName) ?? group)}/${encodeURIComponent(ds.properties.accountName)}`}>{ds.properties.accountName}</Link> : undefined,
              ],
              ['Container', ds.properties.containerName],
              ['Credential type', ds.properties.credentials?.credentialsType],
              ['Service data access identity', ds.properties.serviceDataAccessAuthIdentity],
              ['Endpoint', ds.properties.endpoint],
              ['Default', ds.properties.isDefault ? 'Yes' : 'No'],
            ]}
          />
        )}
      </section>
    </Page>
  );
}

/** The resource group of the datastore's account when it is the workspace's own storage account. */
function storageGroup(storageId: string | undefined, account: string): string | undefined {
  if (!storageId || nameOf(storageId).toLowerCase() !== account.toLowerCase()) return undefined;
  const parts = storageId.split('/');
  const i = parts.findIndex((s) => s.toLowerCase() === 'resourcegroups');
  return i >= 0 ? parts[i + 1] : undefined;
}
