/**
 * Online endpoints across the subscription's workspaces (one list call per workspace, run in parallel), or of one
 * workspace (`/workspaces/{g}/{w}/endpoints`, or `/endpoints?workspace=…[&group=…]`). No per-row requests.
 */
import { Page, StateBadge } from '../../ui/page.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { useAsync } from '../../ui/use-async.js';
import { Link } from '../../router.js';
import { ApiFailure } from '../../api/http.js';
import { groupOf, hrefs, listEndpoints, listWorkspaces, trafficText, type Endpoint } from './ml-resources.js';

interface Row {
  id: string;
  name: string;
  group: string;
  workspace: string;
  state: string;
  authMode: string;
  scoringUri: string;
  traffic: string;
}

interface Loaded {
  rows: Row[];
  failures: Array<{ workspace: string; error: unknown }>;
}

function toRow(e: Endpoint, group: string, workspace: string): Row {
  return {
    id: e.id,
    name: e.name,
    group,
    workspace,
    state: e.properties.provisioningState,
    authMode: e.properties.authMode,
    scoringUri: e.properties.scoringUri,
    traffic: trafficText(e.properties.traffic),
  };
}

const columns: Column<Row>[] = [
  { key: 'name', label: 'Name', render: (r) => <Link href={hrefs.endpoint(r.group, r.workspace, r.name)}>{r.name}</Link> },
  { key: 'workspace', label: 'Workspace', render: (r) => <Link href={hrefs.workspace(r.group, r.workspace)}>{r.workspace}</Link> },
  { key: 'group', label: 'Resource group' },
  { key: 'state', label: 'Provisioning state', render: (r) => <StateBadge state={r.state} /> },
  { key: 'authMode', label: 'Auth mode' },
  { key: 'scoringUri', label: 'Scoring URI', render: (r) => <code class="endpoints-uri">{r.scoringUri}</code> },
  { key: 'traffic', label: 'Traffic' },
];

async function load(group: string | undefined, workspace: string | undefined, signal: AbortSignal): Promise<Loaded> {
  let targets: Array<{ group: string; workspace: string }>;
  if (group && workspace) targets = [{ group, workspace }];
  else {
    const all = await listWorkspaces(signal);
    targets = all
      .map((w) => ({ group: groupOf(w.id), workspace: w.name }))
      .filter((t) => !workspace || t.workspace.toLowerCase() === workspace.toLowerCase())
      .filter((t) => !group || t.group.toLowerCase() === group.toLowerCase());
  }
  const results = await Promise.all(
    targets.map((t) =>
      listEndpoints(t.group, t.workspace, signal).then(
        (eps) => ({ t, rows: eps.map((e) => toRow(e, t.group, t.workspace)) }),
        (error: unknown) => ({ t, error }),
      ),
    ),
  );
  const rows: Row[] = [];
  const failures: Loaded['failures'] = [];
  for (const r of results) {
    if ('rows' in r) rows.push(...r.rows);
    else failures.push({ workspace: `${r.t.group}/${r.t.workspace}`, error: r.error });
  }
  // A single workspace that is not there is an error of the page, not of one row.
  if (group && workspace && failures.length === 1) throw failures[0].error;
  return { rows, failures };
}

export function EndpointListPage(props: { group?: string; workspace?: string }) {
  const { group, workspace } = props;
  const data = useAsync((signal) => load(group, workspace, signal), [group, workspace]);
  const scoped = workspace !== undefined;
  const crumbs = scoped && group
    ? [{ label: 'Home', href: '/' }, { label: 'Workspaces', href: '/workspaces' }, { label: workspace, href: hrefs.workspace(group, workspace) }, { label: 'Endpoints' }]
    : [{ label: 'Home', href: '/' }, { label: 'Endpoints' }];
  return (
    <Page title={scoped ? `Endpoints of ${workspace}` : 'Endpoints'} crumbs={crumbs}>
      {scoped && (
        <p>
          Showing the online endpoints of workspace <strong>{workspace}</strong>. <Link href="/endpoints">Show all endpoints</Link>
        </p>
      )}
      <ErrorBanner error={data.error} />
      {data.data?.failures.map((f) => (
        <div>
          <p class="endpoints-note">Endpoints of workspace {f.workspace} could not be listed:</p>
          <ErrorBanner error={f.error} />
        </div>
      ))}
      <div class="endpoints-wide">
        <DataTable
          name="endpoints"
          caption="Online endpoints"
          columns={columns}
          rows={data.error instanceof ApiFailure && !data.data ? [] : data.data?.rows}
          rowKey={(r) => r.id}
          loading={data.loading}
          empty="No online endpoints. Create one with `az ml online-endpoint create`."
        />
      </div>
    </Page>
  );
}
