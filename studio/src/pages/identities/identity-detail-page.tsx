/** `/identities/{group}/{name}`: properties, where the identity is attached, and its role assignments. */
import { API, armGet } from '../../api/arm.js';
import { ApiFailure } from '../../api/http.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { CopyButton } from '../../ui/field.js';
import { Page, Properties, Time } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { Link, navigate } from '../../router.js';
import { uaiPath, type Uai } from './identity-api.js';
import { findAttachments, type Attachment } from './identity-attachments.js';
import { roleAssignmentsOf, type RoleRow } from './identity-roles.js';
import { DeleteIdentityButton } from './identity-delete.js';

const accessHref = (scope: string): string => `/access?scope=${encodeURIComponent(scope)}`;

function Attachments(props: { identityId: string }) {
  const scan = useAsync((signal) => findAttachments(props.identityId, signal), [props.identityId]);
  const columns: Column<Attachment>[] = [
    { key: 'name', label: 'Name', render: (r) => <Link href={r.href}>{r.name}</Link> },
    { key: 'kind', label: 'Kind' },
    { key: 'workspace', label: 'Workspace' },
    { key: 'group', label: 'Resource group' },
  ];
  return (
    <section aria-labelledby="identities-attached-h">
      <h2 id="identities-attached-h">Attached to</h2>
      <p class="identities-lead">Workspaces, online endpoints and compute instances in the subscription that use this identity.</p>
      <ErrorBanner error={scan.error} />
      {(scan.data?.failures ?? []).length > 0 && (
        <details class="identities-failures">
          <summary>{scan.data!.failures.length} collection(s) could not be checked</summary>
          {scan.data!.failures.map((f) => (
            <div>
              <strong>{f.what}</strong>
              <ErrorBanner error={f.error} />
            </div>
          ))}
        </details>
      )}
      <div class="identities-table">
      <DataTable
        name="attached"
        caption="Resources using this identity"
        columns={columns}
        rows={scan.data?.items}
        rowKey={(r) => r.id}
        loading={scan.loading}
        empty={`Not attached to any resource (${scan.data?.workspaces ?? 0} workspace(s) checked).`}
        onRefresh={scan.reload}
      />
      </div>
    </section>
  );
}

function RoleAssignments(props: { principalId: string; identityId: string }) {
  const roles = useAsync((signal) => roleAssignmentsOf(props.principalId, signal), [props.principalId]);
  const columns: Column<RoleRow>[] = [
    { key: 'role', label: 'Role' },
    { key: 'roleType', label: 'Type' },
    { key: 'scopeKind', label: 'Scope type' },
    { key: 'scope', label: 'Scope', render: (r) => <code>{r.scope}</code> },
    { key: 'created', label: 'Assigned', render: (r) => <Time iso={r.created || undefined} /> },
    {
      key: 'manage',
      label: 'Access control',
      value: () => '',
      render: (r) => (
        <Link href={accessHref(r.scope)}>
          Manage access<span class="visually-hidden"> at {r.scope}</span>
        </Link>
      ),
    },
  ];
  return (
    <section aria-labelledby="identities-roles-h">
      <h2 id="identities-roles-h">Role assignments</h2>
      <p class="identities-lead">
        Roles held by this identity's service principal in the subscription. <Link href={accessHref(props.identityId)}>Access control (IAM) of this identity</Link>
      </p>
      <ErrorBanner error={roles.error} />
      <div class="identities-table">
      <DataTable
        name="roles"
        caption="Role assignments of this identity"
        columns={columns}
        rows={roles.data}
        rowKey={(r) => r.id}
        loading={roles.loading}
        empty="This identity holds no role assignments in the subscription."
        onRefresh={roles.reload}
      />
      </div>
    </section>
  );
}

export function IdentityDetailPage(props: { group: string; name: string }) {
  const { group, name } = props;
  const path = uaiPath(group, name);
  const state = useAsync((signal) => armGet<Uai>(path, API.msi, signal), [path]);
  const u = state.data;
  const notFound = state.error instanceof ApiFailure && state.error.status === 404;
  return (
    <Page
      title={name}
      crumbs={[{ label: 'Managed identities', href: '/identities' }, { label: group }, { label: name }]}
      actions={u && <DeleteIdentityButton group={group} name={name} scope={path} onDeleted={() => navigate('/identities')} />}
    >
      {notFound ? (
        <div class="banner info" role="status">
          <p>
            Managed identity <strong>{name}</strong> was not found in resource group {group}. <Link href="/identities">Back to managed identities</Link>
          </p>
        </div>
      ) : (
        <ErrorBanner error={state.error} />
      )}
      {state.loading && !u && !state.error && <p role="status">Loading…</p>}
      {u && (
        <>
          <section aria-labelledby="identities-props-h">
            <h2 id="identities-props-h">Properties</h2>
            <Properties
              items={[
                ['Name', u.name],
                ['Resource group', group],
                ['Location', u.location],
                [
                  'Client id',
                  <>
                    <code>{u.properties.clientId}</code> <CopyButton text={u.properties.clientId} label="Copy client id" />
                  </>,
                ],
                [
                  'Principal id',
                  <>
                    <code>{u.properties.principalId}</code> <CopyButton text={u.properties.principalId} label="Copy principal id" />
                  </>,
                ],
                ['Tenant id', <code>{u.properties.tenantId}</code>],
                ['Created', <Time iso={u.systemData?.createdAt} />],
                ['Created by', u.systemData?.createdBy],
                [
                  'Resource id',
                  <>
                    <code>{u.id}</code> <CopyButton text={u.id} label="Copy resource id" />
                  </>,
                ],
                ['Tags', Object.entries(u.tags ?? {}).map(([k, v]) => `${k}=${v}`).join(', ')],
              ]}
            />
          </section>
          <Attachments identityId={u.id} />
          <RoleAssignments principalId={u.properties.principalId} identityId={u.id} />
        </>
      )}
    </Page>
  );
}
