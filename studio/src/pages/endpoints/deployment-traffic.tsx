/**
 * The endpoint's deployments with their traffic and mirror percentages, editable: "Update traffic" PATCHes the
 * endpoint's `properties.traffic` / `mirrorTraffic` (OnlineEndpoints_Update, what `az ml online-endpoint update
 * --traffic` changes). Checked here as the service checks: integers 0–100, traffic adds up to 0 or 100, mirror ≤ 50.
 */
import { useEffect, useState } from 'preact/hooks';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { deniedHint } from '../../ui/field.js';
import { StateBadge } from '../../ui/page.js';
import { useConfirm } from '../../ui/confirm-dialog.js';
import { armSend } from '../../api/arm.js';
import { Link } from '../../router.js';
import { ACTIONS, ML_API, deploymentPath, endpointPath, hrefs, type Deployment, type Endpoint } from './ml-resources.js';

type Split = Record<string, string>;

function splitOf(deployments: Deployment[], map: Record<string, number> | undefined): Split {
  const lower = new Map(Object.entries(map ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return Object.fromEntries(deployments.map((d) => [d.name, String(lower.get(d.name.toLowerCase()) ?? 0)]));
}

function parsePercent(v: string): number | undefined {
  const t = v.trim();
  if (t === '') return 0;
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 0 && n <= 100 ? n : undefined;
}

/** Why the split would be refused, or undefined when it is acceptable. */
export function trafficProblem(traffic: Split, mirror: Split, endpoint: string): string | undefined {
  for (const [k, v] of Object.entries(traffic)) if (parsePercent(v) === undefined) return `The traffic value for deployment '${k}' must be an integer between 0 and 100.`;
  for (const [k, v] of Object.entries(mirror)) if (parsePercent(v) === undefined) return `The mirrorTraffic value for deployment '${k}' must be an integer between 0 and 100.`;
  const sum = Object.values(traffic).reduce((a, v) => a + (parsePercent(v) ?? 0), 0);
  if (sum !== 0 && sum !== 100) return `The traffic of endpoint '${endpoint}' must add up to 0 or 100 percent; the values given add up to ${sum}.`;
  const mirrorSum = Object.values(mirror).reduce((a, v) => a + (parsePercent(v) ?? 0), 0);
  if (mirrorSum > 50) return `The mirror traffic of endpoint '${endpoint}' may add up to at most 50 percent; the values given add up to ${mirrorSum}.`;
  return undefined;
}

export function DeploymentTraffic(props: {
  group: string;
  workspace: string;
  endpoint: Endpoint;
  deployments: Deployment[] | undefined;
  can: (action: string) => boolean;
  onChanged: () => void;
}) {
  const { group, workspace, endpoint } = props;
  const deps = props.deployments ?? [];
  const serverKey = JSON.stringify([deps.map((d) => d.name), endpoint.properties.traffic, endpoint.properties.mirrorTraffic]);
  const [traffic, setTraffic] = useState<Split>(() => splitOf(deps, endpoint.properties.traffic));
  const [mirror, setMirror] = useState<Split>(() => splitOf(deps, endpoint.properties.mirrorTraffic));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState('');
  const confirm = useConfirm();
  // What the service holds replaces the inputs whenever it changes (after an update, or someone else's).
  useEffect(() => {
    setTraffic(splitOf(deps, endpoint.properties.traffic));
    setMirror(splitOf(deps, endpoint.properties.mirrorTraffic));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverKey]);

  const canWrite = props.can(ACTIONS.endpointWrite);
  const canDeleteDeployment = props.can(ACTIONS.deploymentDelete);
  const problem = trafficProblem(traffic, mirror, endpoint.name);
  const total = Object.values(traffic).reduce((a, v) => a + (parsePercent(v) ?? 0), 0);
  const mirrorTotal = Object.values(mirror).reduce((a, v) => a + (parsePercent(v) ?? 0), 0);

  const update = async () => {
    setError(undefined);
    setDone('');
    if (problem) {
      setError(new Error(problem));
      return;
    }
    setBusy(true);
    try {
      const t = Object.fromEntries(Object.entries(traffic).map(([k, v]) => [k, parsePercent(v) ?? 0]));
      const m = Object.fromEntries(Object.entries(mirror).map(([k, v]) => [k, parsePercent(v) ?? 0]).filter(([, v]) => (v as number) > 0));
      await armSend('PATCH', endpointPath(group, workspace, endpoint.name), ML_API, { properties: { traffic: t, mirrorTraffic: m } });
      setDone('Traffic updated.');
      props.onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const askDelete = (d: Deployment) =>
    confirm.ask({
      title: `Delete deployment ${d.name}?`,
      confirmLabel: 'Delete',
      danger: true,
      children: (
        <p>
          Deployment <strong>{d.name}</strong> of endpoint <strong>{endpoint.name}</strong> and its instances will be deleted. A deployment that
          receives traffic cannot be deleted: set its traffic and mirror traffic to 0 first.
        </p>
      ),
      onConfirm: async () => {
        await armSend('DELETE', deploymentPath(group, workspace, endpoint.name, d.name), ML_API);
        props.onChanged();
      },
    });

  const input = (d: Deployment, which: 'traffic' | 'mirror') => {
    const map = which === 'traffic' ? traffic : mirror;
    const set = which === 'traffic' ? setTraffic : setMirror;
    const label = which === 'traffic' ? `Traffic for ${d.name}` : `Mirror traffic for ${d.name}`;
    return (
      <span class="endpoints-percent">
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          step={1}
          aria-label={label}
          value={map[d.name] ?? '0'}
          {...deniedHint(canWrite, ACTIONS.endpointWrite)}
          onInput={(e) => set({ ...map, [d.name]: (e.target as HTMLInputElement).value })}
        />
        <span aria-hidden="true">%</span>
      </span>
    );
  };

  const columns: Column<Deployment>[] = [
    { key: 'name', label: 'Deployment', render: (d) => <Link href={hrefs.deployment(group, workspace, endpoint.name, d.name)}>{d.name}</Link> },
    { key: 'state', label: 'Provisioning state', value: (d) => d.properties.provisioningState, render: (d) => <StateBadge state={d.properties.provisioningState} /> },
    { key: 'instanceType', label: 'Instance type', value: (d) => d.properties.instanceType },
    { key: 'instanceCount', label: 'Instance count', value: (d) => d.sku?.capacity ?? 1 },
    { key: 'traffic', label: 'Traffic %', value: (d) => parsePercent(traffic[d.name] ?? '0') ?? 0, render: (d) => input(d, 'traffic') },
    { key: 'mirror', label: 'Mirror %', value: (d) => parsePercent(mirror[d.name] ?? '0') ?? 0, render: (d) => input(d, 'mirror') },
    {
      key: 'actions',
      label: 'Actions',
      value: () => '',
      render: (d) => (
        <button type="button" class="small" aria-label={`Delete deployment ${d.name}`} onClick={() => askDelete(d)} {...deniedHint(canDeleteDeployment, ACTIONS.deploymentDelete)}>
          Delete
        </button>
      ),
    },
  ];

  return (
    <section aria-labelledby="ep-deployments">
      <h2 id="ep-deployments">Deployments</h2>
      <div class="endpoints-wide">
        <DataTable
          name="deployments"
          caption="Deployments"
          columns={columns}
          rows={props.deployments}
          rowKey={(d) => d.id}
          loading={props.deployments === undefined}
          empty="No deployments yet. Create one with `az ml online-deployment create`."
        />
      </div>
      {deps.length > 0 && (
        <div class="endpoints-traffic-bar">
          <p class={problem ? 'endpoints-warn' : 'endpoints-note'} aria-live="polite">
            Traffic total {total}% · mirror total {mirrorTotal}%{problem ? ` — ${problem}` : ''}
          </p>
          <button type="button" class="primary" onClick={() => void update()} disabled={busy || !canWrite} title={deniedHint(canWrite, ACTIONS.endpointWrite).title}>
            {busy ? 'Updating…' : 'Update traffic'}
          </button>
          <span role="status" class="endpoints-note">
            {done}
          </span>
        </div>
      )}
      <ErrorBanner error={error} />
      {confirm.dialog}
    </section>
  );
}
