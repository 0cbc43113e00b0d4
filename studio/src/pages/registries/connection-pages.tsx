/**
 * `/connections`: every workspace's connections (category, target, auth type); `/connections/{group}/{workspace}/{name}`:
 * one connection. Secrets are never shown: the studio reads only the list and get APIs (never `listsecrets`), and
 * drops any credential field that looks secret.
 */
import { ApiFailure } from '../../api/http.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Page, Properties, Time } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { Link } from '../../router.js';
import { WorkspaceFailures } from './environment-pages.js';
import { connectionHref, getConnection, isSecretField, listConnections, type ConnectionRow } from './ml-assets-api.js';

export function ConnectionsPage() {
  const { data, error, loading } = useAsync((s) => listConnections(s), []);
  return (
    <Page title="Connections" crumbs={[{ label: 'Home', href: '/' }, { label: 'Connections' }]}>
      <ErrorBanner error={error} />
      <WorkspaceFailures failures={data?.failures} />
      <DataTable<ConnectionRow>
        name="connections"
        caption="Connections"
        rows={data?.rows}
        loading={loading}
        rowKey={(r) => r.id}
        empty="No connections in the workspaces you may read."
        columns={[
          { key: 'name', label: 'Name', render: (r) => <Link href={connectionHref(r.group, r.workspace, r.name)}>{r.name}</Link> },
          { key: 'category', label: 'Category' },
          { key: 'target', label: 'Target', render: (r) => (r.target ? <code>{r.target}</code> : '—') },
          { key: 'authType', label: 'Auth type' },
          { key: 'workspace', label: 'Workspace' },
          { key: 'group', label: 'Resource group' },
        ]}
      />
    </Page>
  );
}

function KeyValues(props: { label: string; values: Record<string, string> | undefined; hideSecrets?: boolean }) {
  const entries = Object.entries(props.values ?? {});
  if (entries.length === 0) return null;
  return (
    <>
      <h2>{props.label}</h2>
      <Properties items={entries.map(([k, v]) => [k, props.hideSecrets && isSecretField(k) ? <em>hidden</em> : v])} />
    </>
  );
}

export function ConnectionPage(props: { group: string; workspace: string; name: string }) {
  const { group, workspace, name } = props;
  const conn = useAsync((s) => getConnection(group, workspace, name, s), [group, workspace, name]);
  const c = conn.data;
  const notFound = conn.error instanceof ApiFailure && conn.error.status === 404;
  return (
    <Page title={name} crumbs={[{ label: 'Home', href: '/' }, { label: 'Connections', href: '/connections' }, { label: `${workspace} / ${name}` }]}>
      {notFound ? (
        <p>
          Workspace <strong>{workspace}</strong> in resource group <strong>{group}</strong> has no connection <strong>{name}</strong>.{' '}
          <Link href="/connections">Back to connections</Link>
        </p>
      ) : (
        <ErrorBanner error={conn.error} />
      )}
      {c && (
        <>
          <Properties
            items={[
              ['Workspace', workspace],
              ['Resource group', group],
              ['Category', c.properties.category],
              ['Target', c.properties.target ? <code>{c.properties.target}</code> : undefined],
              ['Auth type', c.properties.authType],
              ['Group', c.properties.group],
              ['Shared to all', c.properties.isSharedToAll ? 'Yes' : 'No'],
              ['Expires', c.properties.expiryTime ? <Time iso={c.properties.expiryTime} /> : 'Never'],
              ['Created', <Time iso={c.systemData?.createdAt} />],
              ['Created by', c.systemData?.createdBy],
              ['Resource ID', <code>{c.id}</code>],
            ]}
          />
          <KeyValues label="Credentials (non-secret fields)" values={c.properties.credentials} hideSecrets />
          <KeyValues label="Metadata" values={c.properties.metadata} />
          <p class="hint">Secrets (passwords, keys, tokens) are never shown in the studio.</p>
        </>
      )}
    </Page>
  );
}
