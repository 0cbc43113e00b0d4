/**
 * `/registries`: the subscription's container registries; `/registries/{group}/{registry}`: one registry and its
 * repositories; `/registries/{group}/{registry}/{repository…}`: a repository's tags (digest, size, created).
 */
import './registries.css';
import { parseId } from '../../api/arm.js';
import { ApiFailure } from '../../api/http.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Page, Properties, StateBadge, Time } from '../../ui/page.js';
import { CopyButton } from '../../ui/field.js';
import { useAsync } from '../../ui/use-async.js';
import { Link } from '../../router.js';
import { formatBytes } from '../storage/storage-api.js';
import { getRegistry, listRegistries, listRepositories, listTags, registryHref, registryPath, repositoryHref, type Registry, type TagRow } from './registry-api.js';

/** An OCI failure as the registry said it (UNAUTHORIZED / DENIED + message) and, when refused, what would allow it. */
function OciError(props: { error: unknown; registryId: string }) {
  const e = props.error;
  if (!e) return null;
  const refused = e instanceof ApiFailure && (e.status === 401 || e.status === 403);
  const explanation = e instanceof ApiFailure ? e.headers?.get('x-ms-cerulean-explanation') : undefined;
  return (
    <div>
      <ErrorBanner error={e} />
      {refused && (
        <div class="banner info" role="note">
          <div>
            <p class="message">Listing repositories and reading tags and manifests needs a role that allows pull on this registry, such as AcrPull (or Reader, Contributor, Owner).</p>
            {explanation && <p class="message">{explanation}</p>}
            <p class="message">
              <Link href={`/access?scope=${encodeURIComponent(props.registryId)}`}>Access control for this registry</Link>
              {' · '}
              <Link href="/denials">Recent denials</Link>
            </p>
          </div>
        </div>
      )}
    </div>
  );
}

export function RegistriesPage() {
  const { data, error, loading } = useAsync((s) => listRegistries(s), []);
  return (
    <Page title="Container registries" crumbs={[{ label: 'Home', href: '/' }, { label: 'Container registries' }]}>
      <ErrorBanner error={error} />
      <DataTable<Registry>
        name="registries"
        caption="Container registries"
        rows={data}
        loading={loading}
        rowKey={(r) => r.id}
        empty="No container registries in this subscription that you may read."
        columns={[
          { key: 'name', label: 'Name', render: (r) => <Link href={registryHref(parseId(r.id).resourceGroup, r.name)}>{r.name}</Link> },
          { key: 'group', label: 'Resource group', value: (r) => parseId(r.id).resourceGroup },
          { key: 'loginServer', label: 'Login server', value: (r) => r.properties.loginServer },
          { key: 'sku', label: 'SKU', value: (r) => r.sku?.name },
          { key: 'admin', label: 'Admin user', value: (r) => (r.properties.adminUserEnabled ? 'Enabled' : 'Disabled') },
        ]}
      />
    </Page>
  );
}

function useRegistry(group: string, name: string) {
  return useAsync((s) => getRegistry(group, name, s), [group, name]);
}

function NotFound(props: { what: string; group: string }) {
  return (
    <p>
      There is no {props.what} in resource group <strong>{props.group}</strong>. <Link href="/registries">Back to container registries</Link>
    </p>
  );
}

export function RegistryPage(props: { group: string; registry: string }) {
  const { group, registry } = props;
  const reg = useRegistry(group, registry);
  const r = reg.data;
  const repos = useAsync((s) => (r ? listRepositories(registry, r.properties.loginServer, s) : Promise.resolve(undefined)), [registry, r?.properties.loginServer]);
  const id = registryPath(group, registry);
  const notFound = reg.error instanceof ApiFailure && reg.error.status === 404;
  return (
    <Page title={registry} crumbs={[{ label: 'Home', href: '/' }, { label: 'Container registries', href: '/registries' }, { label: registry }]}>
      {notFound ? <NotFound what={`container registry ${registry}`} group={group} /> : <ErrorBanner error={reg.error} />}
      {r && (
        <Properties
          items={[
            ['Resource group', group],
            ['Location', r.location],
            [
              'Login server',
              <>
                <code>{r.properties.loginServer}</code> <CopyButton text={r.properties.loginServer} label="Copy login server" />
              </>,
            ],
            ['SKU', r.sku?.name],
            ['Admin user', r.properties.adminUserEnabled ? 'Enabled' : 'Disabled'],
            ['Anonymous pull', r.properties.anonymousPullEnabled ? 'Enabled' : 'Disabled'],
            ['Public network access', r.properties.publicNetworkAccess],
            ['Provisioning state', <StateBadge state={r.properties.provisioningState} />],
            ['Created', <Time iso={r.properties.creationDate} />],
            ['Resource ID', <code>{r.id}</code>],
          ]}
        />
      )}
      <p>
        <Link href={`/access?scope=${encodeURIComponent(id)}`}>Access control (IAM)</Link>
      </p>
      <h2>Repositories</h2>
      <OciError error={repos.error} registryId={id} />
      {r && !repos.error && (
        <DataTable<{ name: string }>
          name="repositories"
          caption="Repositories"
          rows={repos.data?.map((name) => ({ name }))}
          loading={repos.loading}
          rowKey={(x) => x.name}
          empty="This registry has no repositories."
          columns={[{ key: 'name', label: 'Repository', render: (x) => <Link href={repositoryHref(group, registry, x.name)}>{x.name}</Link> }]}
        />
      )}
    </Page>
  );
}

export function RepositoryPage(props: { group: string; registry: string; repository: string }) {
  const { group, registry, repository } = props;
  const reg = useRegistry(group, registry);
  const loginServer = reg.data?.properties.loginServer;
  const tags = useAsync((s) => (loginServer ? listTags(registry, loginServer, repository, s) : Promise.resolve(undefined)), [registry, loginServer, repository]);
  const id = registryPath(group, registry);
  const notFound = reg.error instanceof ApiFailure && reg.error.status === 404;
  return (
    <Page
      title={repository}
      crumbs={[
        { label: 'Home', href: '/' },
        { label: 'Container registries', href: '/registries' },
        { label: registry, href: registryHref(group, registry) },
        { label: repository },
      ]}
    >
      {notFound ? <NotFound what={`container registry ${registry}`} group={group} /> : <ErrorBanner error={reg.error} />}
      {loginServer && (
        <p>
          Pull with <code>{`docker pull ${loginServer}/${repository}:<tag>`}</code>
        </p>
      )}
      <OciError error={tags.error} registryId={id} />
      {loginServer && !tags.error && (
        <div class="registries-tags">
          <DataTable<TagRow>
            name="tags"
            caption="Tags"
            rows={tags.data}
            loading={tags.loading}
            rowKey={(t) => t.tag}
            empty="This repository has no tags."
            columns={[
              { key: 'tag', label: 'Tag' },
              {
                key: 'digest',
                label: 'Digest',
                render: (t) =>
                  t.digest ? (
                    <>
                      <code title={t.digest}>{t.digest.replace(/^(sha256:)(.{12}).*$/, '$1$2…')}</code> <CopyButton text={t.digest} label={`Copy digest of ${t.tag}`} />
                    </>
                  ) : (
                    (t.problem ?? '—')
                  ),
              },
              { key: 'size', label: 'Size', value: (t) => t.size ?? -1, render: (t) => formatBytes(t.size) },
              { key: 'created', label: 'Created', render: (t) => <Time iso={t.created} /> },
              { key: 'lastUpdated', label: 'Last updated', render: (t) => <Time iso={t.lastUpdated} /> },
              { key: 'mediaType', label: 'Media type', render: (t) => (t.mediaType ? <code>{t.mediaType}</code> : '—') },
            ]}
          />
        </div>
      )}
    </Page>
  );
}
