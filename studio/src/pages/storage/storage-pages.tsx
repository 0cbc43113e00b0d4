/** `/storage`: the subscription's storage accounts; `/storage/{group}/{account}`: one account and its containers. */
import { parseId } from '../../api/arm.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Page, Properties, StateBadge, Time } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { Link } from '../../router.js';
import { ApiFailure } from '../../api/http.js';
import { BlobError } from './data-denied.js';
import { accountHref, accountPath, containerHref, getAccount, listAccounts, listContainers, type ContainerItem, type StorageAccount } from './storage-api.js';

export function StorageAccountsPage() {
  const { data, error, loading } = useAsync((s) => listAccounts(s), []);
  return (
    <Page title="Storage accounts" crumbs={[{ label: 'Home', href: '/' }, { label: 'Storage accounts' }]}>
      <ErrorBanner error={error} />
      <DataTable<StorageAccount>
        name="accounts"
        caption="Storage accounts"
        rows={data}
        loading={loading}
        rowKey={(a) => a.id}
        empty="No storage accounts in this subscription that you may read."
        columns={[
          {
            key: 'name',
            label: 'Name',
            render: (a) => <Link href={accountHref(parseId(a.id).resourceGroup, a.name)}>{a.name}</Link>,
          },
          { key: 'group', label: 'Resource group', value: (a) => parseId(a.id).resourceGroup },
          { key: 'location', label: 'Location' },
          { key: 'kind', label: 'Kind' },
          { key: 'sku', label: 'SKU', value: (a) => a.sku?.name },
        ]}
      />
    </Page>
  );
}

export function StorageAccountPage(props: { group: string; account: string }) {
  const { group, account } = props;
  const id = accountPath(group, account);
  const acct = useAsync((s) => getAccount(group, account, s), [group, account]);
  const containers = useAsync((s) => listContainers(account, s), [account]);
  const a = acct.data;
  const notFound = acct.error instanceof ApiFailure && acct.error.status === 404;
  return (
    <Page title={account} crumbs={[{ label: 'Home', href: '/' }, { label: 'Storage accounts', href: '/storage' }, { label: account }]}>
      {notFound ? (
        <p>
          There is no storage account <strong>{account}</strong> in resource group <strong>{group}</strong>. <Link href="/storage">Back to storage accounts</Link>
        </p>
      ) : (
        <ErrorBanner error={acct.error} />
      )}
      {a && (
        <Properties
          items={[
            ['Resource group', group],
            ['Location', a.location],
            ['Kind', a.kind],
            ['SKU', a.sku?.name],
            ['Provisioning state', <StateBadge state={a.properties.provisioningState} />],
            ['Created', <Time iso={a.properties.creationTime} />],
            ['Blob endpoint', a.properties.primaryEndpoints?.blob],
            ['Access tier', a.properties.accessTier],
            ['Minimum TLS version', a.properties.minimumTlsVersion],
            ['Shared key access', a.properties.allowSharedKeyAccess === false ? 'Disabled' : 'Enabled'],
            ['Blob public access', a.properties.allowBlobPublicAccess ? 'Enabled' : 'Disabled'],
            ['Resource ID', <code>{a.id}</code>],
          ]}
        />
      )}
      <p>
        <Link href={`/access?scope=${encodeURIComponent(id)}`}>Access control (IAM)</Link>
      </p>
      <h2>Containers</h2>
      <BlobError error={containers.error} accountId={id} />
      {!containers.error && (
        <DataTable<ContainerItem>
          name="containers"
          caption="Containers"
          rows={containers.data}
          loading={containers.loading}
          rowKey={(c) => c.name}
          empty="This account has no containers."
          columns={[
            { key: 'name', label: 'Name', render: (c) => <Link href={containerHref(group, account, c.name)}>{c.name}</Link> },
            { key: 'lastModified', label: 'Last modified', render: (c) => <Time iso={c.lastModified} /> },
          ]}
        />
      )}
    </Page>
  );
}
