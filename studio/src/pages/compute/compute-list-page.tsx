/** `/compute` (every workspace of the subscription) and `/compute/{group}/{workspace}` (one workspace, with New). */
import { useEffect, useState } from 'preact/hooks';
import { parseId } from '../../api/arm.js';
import { usePermissions } from '../../api/permissions.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { deniedHint } from '../../ui/field.js';
import { Page, StateBadge, Time } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { Link, navigate } from '../../router.js';
import { COMPUTE_ACTIONS, computeHref, computeListHref, computeRow, isTransitional, listAllComputes, listComputes, workspacePath, type ComputeRow, type Failure, type Workspace } from './compute-api.js';

function columns(showWorkspace: boolean): Column<ComputeRow>[] {
  const cols: Column<ComputeRow>[] = [
    { key: 'name', label: 'Name', render: (r) => <Link href={computeHref(r.group, r.workspace, r.name)}>{r.name}</Link> },
    { key: 'workspace', label: 'Workspace', value: (r) => `${r.workspace} (${r.group})`, render: (r) => <Link href={computeListHref(r.group, r.workspace)}>{`${r.workspace} (${r.group})`}</Link> },
    { key: 'type', label: 'Type' },
    { key: 'size', label: 'Size' },
    { key: 'state', label: 'State', render: (r) => <StateBadge state={r.state} /> },
    { key: 'identityType', label: 'Identity type' },
    { key: 'created', label: 'Created', render: (r) => <Time iso={r.created} /> },
  ];
  return showWorkspace ? cols : cols.filter((c) => c.key !== 'workspace');
}

function Failures(props: { failures: Failure[] }) {
  if (props.failures.length === 0) return null;
  return (
    <details class="compute-failures">
      <summary>Computes of {props.failures.length} workspace(s) could not be listed</summary>
      {props.failures.map((f) => (
        <div>
          <strong>{f.workspace}</strong>
          <ErrorBanner error={f.error} />
        </div>
      ))}
    </details>
  );
}

/** A workspace picker and New button for the subscription-wide list. */
function NewInWorkspace(props: { workspaces: Workspace[] }) {
  const [chosen, setChosen] = useState('');
  const ws = props.workspaces.find((w) => w.id === chosen) ?? props.workspaces[0];
  const group = ws ? parseId(ws.id).resourceGroup : '';
  const perms = usePermissions(ws ? workspacePath(group, ws.name) : undefined);
  if (!ws) return null;
  const hint = deniedHint(perms.can(COMPUTE_ACTIONS.write), COMPUTE_ACTIONS.write);
  return (
    <span class="compute-new">
      <label for="compute-new-ws">Workspace</label>
      <select id="compute-new-ws" value={ws.id} onChange={(e) => setChosen((e.target as HTMLSelectElement).value)}>
        {props.workspaces.map((w) => (
          <option value={w.id}>{`${w.name} (${parseId(w.id).resourceGroup})`}</option>
        ))}
      </select>
      <button type="button" class="primary" {...hint} onClick={() => navigate(`${computeListHref(group, ws.name)}/new`)}>
        New
      </button>
    </span>
  );
}

export function AllComputePage() {
  const [poll, setPoll] = useState<number | undefined>();
  const state = useAsync((signal) => listAllComputes(signal), [], poll);
  const busy = (state.data?.rows ?? []).some((r) => isTransitional(r.state));
  useEffect(() => setPoll(busy ? 3000 : undefined), [busy]);
  return (
    <Page title="Compute" crumbs={[{ label: 'Compute' }]}>
      <p class="compute-lead">Compute instances in every workspace of the subscription.</p>
      <ErrorBanner error={state.error} />
      <Failures failures={state.data?.failures ?? []} />
      <div class="compute-table">
      <DataTable
        name="compute"
        caption="Compute instances"
        columns={columns(true)}
        rows={state.data?.rows}
        rowKey={(r) => r.id}
        loading={state.loading}
        empty="No compute instances yet."
        toolbar={
          <>
            <button type="button" onClick={state.reload}>
              Refresh
            </button>
            <NewInWorkspace workspaces={state.data?.workspaces ?? []} />
          </>
        }
      />
      </div>
    </Page>
  );
}

export function WorkspaceComputePage(props: { group: string; workspace: string }) {
  const { group, workspace } = props;
  const [poll, setPoll] = useState<number | undefined>();
  const state = useAsync((signal) => listComputes(group, workspace, signal).then((l) => l.map(computeRow)), [group, workspace], poll);
  const busy = (state.data ?? []).some((r) => isTransitional(r.state));
  useEffect(() => setPoll(busy ? 3000 : undefined), [busy]);
  const perms = usePermissions(workspacePath(group, workspace));
  const hint = deniedHint(perms.can(COMPUTE_ACTIONS.write), COMPUTE_ACTIONS.write);
  return (
    <Page
      title={`Compute · ${workspace}`}
      crumbs={[{ label: 'Compute', href: '/compute' }, { label: `${workspace} (${group})` }]}
      actions={
        <button type="button" class="primary" {...hint} onClick={() => navigate(`${computeListHref(group, workspace)}/new`)}>
          New
        </button>
      }
    >
      <p class="compute-lead">
        Workspace <Link href={`/workspaces/${encodeURIComponent(group)}/${encodeURIComponent(workspace)}`}>{workspace}</Link> in resource group {group}.
      </p>
      <ErrorBanner error={state.error} />
      <div class="compute-table">
      <DataTable
        name="compute"
        caption="Compute instances"
        columns={columns(false)}
        rows={state.data}
        rowKey={(r) => r.id}
        loading={state.loading}
        empty="No compute instances in this workspace yet. Select New to create one."
        onRefresh={state.reload}
      />
      </div>
    </Page>
  );
}
