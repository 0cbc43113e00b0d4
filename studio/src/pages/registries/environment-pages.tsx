/**
 * `/environments`: every workspace's environments (latest version, its image); `/environments/{group}/{workspace}/{name}`:
 * the versions with image, build state, and the selected version's conda file and build log (`?version=`).
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiFailure } from '../../api/http.js';
import { DataTable } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Page, Properties, StateBadge, Time } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { Link, setQueryParam } from '../../router.js';
import {
  environmentHref,
  getEnvironment,
  imageOf,
  listEnvironmentVersions,
  listEnvironments,
  type EnvironmentRow,
  type EnvironmentVersion,
  type WorkspaceFailure,
} from './ml-assets-api.js';

export function WorkspaceFailures(props: { failures: WorkspaceFailure[] | undefined }) {
  if (!props.failures?.length) return null;
  return (
    <div>
      {props.failures.map((f) => (
        <div>
          <p class="hint">Workspace {f.workspace} could not be listed:</p>
          <ErrorBanner error={f.error} />
        </div>
      ))}
    </div>
  );
}

export function EnvironmentsPage() {
  const { data, error, loading } = useAsync((s) => listEnvironments(s), []);
  return (
    <Page title="Environments" crumbs={[{ label: 'Home', href: '/' }, { label: 'Environments' }]}>
      <ErrorBanner error={error} />
      <WorkspaceFailures failures={data?.failures} />
      <DataTable<EnvironmentRow>
        name="environments"
        caption="Environments"
        rows={data?.rows}
        loading={loading}
        rowKey={(r) => r.id}
        empty="No environments in the workspaces you may read."
        columns={[
          { key: 'name', label: 'Name', render: (r) => <Link href={environmentHref(r.group, r.workspace, r.name)}>{r.name}</Link> },
          { key: 'latestVersion', label: 'Latest version', value: (r) => (r.latestVersion && /^\d+$/.test(r.latestVersion) ? Number(r.latestVersion) : r.latestVersion) },
          { key: 'image', label: 'Image', render: (r) => (r.image ? <code>{r.image}</code> : '—') },
          { key: 'state', label: 'Build state', render: (r) => (r.state ? <StateBadge state={r.state} /> : '—') },
          { key: 'workspace', label: 'Workspace' },
          { key: 'group', label: 'Resource group' },
        ]}
      />
    </Page>
  );
}

function buildState(v: EnvironmentVersion): string | undefined {
  return v.properties.imageBuild?.status ?? v.properties.provisioningState;
}

function VersionDetail(props: { v: EnvironmentVersion }) {
  const p = props.v.properties;
  const b = p.imageBuild;
  return (
    <section aria-label={`Version ${props.v.name}`}>
      <h2>Version {props.v.name}</h2>
      <Properties
        items={[
          ['Image', imageOf(p) ? <code>{imageOf(p)}</code> : undefined],
          ['Build state', <StateBadge state={buildState(props.v)} />],
          ['Built image', p.imageDetails?.image ? <code>{p.imageDetails.image}</code> : b?.image ? <code>{b.image}</code> : undefined],
          ['Image digest', p.imageDetails?.digest ?? b?.imageDigest ? <code>{p.imageDetails?.digest ?? b?.imageDigest}</code> : undefined],
          ['OS type', p.osType],
          ['Environment type', p.environmentType],
          ['Dockerfile', p.build?.dockerfilePath],
          ['Created', <Time iso={props.v.systemData?.createdAt} />],
          ['Created by', props.v.systemData?.createdBy],
          ['Description', p.description ?? undefined],
        ]}
      />
      {b?.error && <ErrorBanner error={new ApiFailure(0, b.error.code, b.error.message)} />}
      <h3>Conda file</h3>
      {p.condaFile ? <pre aria-label={`Conda file of version ${props.v.name}`}>{p.condaFile}</pre> : <p class="empty">This version has no conda file.</p>}
      {b?.log && b.log.length > 0 && (
        <>
          <h3>Build log</h3>
          <pre aria-label={`Build log of version ${props.v.name}`}>{b.log.join('\n')}</pre>
        </>
      )}
    </section>
  );
}

export function EnvironmentPage(props: { group: string; workspace: string; name: string; version?: string }) {
  const { group, workspace, name } = props;
  const env = useAsync((s) => getEnvironment(group, workspace, name, s), [group, workspace, name]);
  const [pollMs, setPollMs] = useState<number | undefined>();
  const versions = useAsync((s) => listEnvironmentVersions(group, workspace, name, s), [group, workspace, name], pollMs);
  const list = versions.data;
  const running = !!list?.some((v) => /running|creating/i.test(buildState(v) ?? ''));
  useEffect(() => setPollMs(running ? 3000 : undefined), [running]);
  const latest = env.data?.properties.latestVersion ?? undefined;
  const selected = list?.find((v) => v.name === (props.version ?? latest)) ?? list?.[0];
  const notFound = env.error instanceof ApiFailure && env.error.status === 404;
  return (
    <Page
      title={name}
      crumbs={[
        { label: 'Home', href: '/' },
        { label: 'Environments', href: '/environments' },
        { label: `${workspace} / ${name}` },
      ]}
    >
      {notFound ? (
        <p>
          Workspace <strong>{workspace}</strong> in resource group <strong>{group}</strong> has no environment <strong>{name}</strong>.{' '}
          <Link href="/environments">Back to environments</Link>
        </p>
      ) : (
        <ErrorBanner error={env.error} />
      )}
      {env.data && (
        <Properties
          items={[
            ['Workspace', workspace],
            ['Resource group', group],
            ['Latest version', latest],
            ['Description', env.data.properties.description ?? undefined],
            ['Archived', env.data.properties.isArchived ? 'Yes' : 'No'],
          ]}
        />
      )}
      <h2>Versions</h2>
      <ErrorBanner error={versions.error} />
      <DataTable<EnvironmentVersion>
        name="versions"
        caption="Versions"
        rows={list}
        loading={versions.loading}
        rowKey={(v) => v.id}
        empty="This environment has no versions."
        columns={[
          {
            key: 'version',
            label: 'Version',
            value: (v) => (/^\d+$/.test(v.name) ? Number(v.name) : v.name),
            render: (v) => (
              <button type="button" class="link" aria-pressed={v === selected} aria-label={`Show version ${v.name}`} onClick={() => setQueryParam('version', v.name)}>
                {v.name}
              </button>
            ),
          },
          { key: 'image', label: 'Image', value: (v) => imageOf(v.properties), render: (v) => (imageOf(v.properties) ? <code>{imageOf(v.properties)}</code> : '—') },
          { key: 'state', label: 'Build state', value: (v) => buildState(v), render: (v) => <StateBadge state={buildState(v)} /> },
          { key: 'created', label: 'Created', value: (v) => v.systemData?.createdAt, render: (v) => <Time iso={v.systemData?.createdAt} /> },
        ]}
      />
      {selected && <VersionDetail v={selected} />}
    </Page>
  );
}
