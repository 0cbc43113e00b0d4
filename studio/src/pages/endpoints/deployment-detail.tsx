/**
 * One deployment: its properties and its provisioning as it happens (state and container logs polled every 2 s
 * until Succeeded or Failed), the failure in words with the missing role named.
 */
import { Page, Properties, StateBadge, Time } from '../../ui/page.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { deniedHint } from '../../ui/field.js';
import { useConfirm } from '../../ui/confirm-dialog.js';
import { useAsync } from '../../ui/use-async.js';
import { usePermissions } from '../../api/permissions.js';
import { armGet, armSend } from '../../api/arm.js';
import { ApiFailure } from '../../api/http.js';
import { Link, navigate } from '../../router.js';
import { ACTIONS, ML_API, deploymentPath, hrefs, isTerminal, type Deployment, type Probe } from './ml-resources.js';
import { getLogs } from './deployment-logs.js';
import { deriveProgress } from './provisioning-stages.js';
import { ProvisioningFailure, ProvisioningStepper } from './provisioning-stepper.js';
import { useInterval } from './use-interval.js';
import './endpoints.css';

/** `…/models/{name}/versions/{v}` → `name:v`; anything else as given. */
function assetName(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const m = /\/(?:models|codes|environments)\/([^/]+)\/versions\/([^/]+)$/i.exec(id);
  return m ? `${m[1]}:${m[2]}` : id;
}

function probeText(p: Probe | undefined): string | undefined {
  if (!p) return undefined;
  return `initial delay ${p.initialDelay}, period ${p.period}, timeout ${p.timeout}, failure threshold ${p.failureThreshold}, success threshold ${p.successThreshold}`;
}

interface EnvironmentVersion {
  properties: { image?: string; condaFile?: string; build?: { contextUri?: string; dockerfilePath?: string } };
}

export function DeploymentDetailPage(props: { group: string; workspace: string; endpoint: string; deployment: string }) {
  const { group, workspace, endpoint, deployment } = props;
  const path = deploymentPath(group, workspace, endpoint, deployment);
  const dep = useAsync((signal) => armGet<Deployment>(path, ML_API, signal), [path]);
  const d = dep.data;
  const state = d?.properties.provisioningState;
  const logs = useAsync(
    async () => {
      if (!d) return undefined;
      const [storageInitializer, inferenceServer] = await Promise.all([
        getLogs(group, workspace, endpoint, deployment, 'StorageInitializer', 5000),
        getLogs(group, workspace, endpoint, deployment, 'InferenceServer', 5000),
      ]);
      return { storageInitializer, inferenceServer };
    },
    [path, d ? `${state}|${d.systemData?.lastModifiedAt ?? ''}` : ''],
  );
  const running = d !== undefined && !isTerminal(state) && !dep.error;
  useInterval(() => {
    dep.reload();
    logs.reload();
  }, running ? 2000 : undefined);
  const envId = d?.properties.environmentId;
  const env = useAsync(
    (signal) => (envId && envId.startsWith('/subscriptions/') ? armGet<EnvironmentVersion>(envId, ML_API, signal).catch(() => undefined) : Promise.resolve(undefined)),
    [envId],
  );
  const perms = usePermissions(path);
  const confirm = useConfirm();
  const progress = deriveProgress({
    state,
    storageInitializer: logs.data?.storageInitializer ?? '',
    inferenceServer: logs.data?.inferenceServer ?? '',
    since: d?.systemData?.lastModifiedAt ?? d?.systemData?.createdAt,
  });
  const notFound = dep.error instanceof ApiFailure && dep.error.status === 404;
  const canDelete = perms.can(ACTIONS.deploymentDelete);
  const askDelete = () =>
    confirm.ask({
      title: `Delete deployment ${deployment}?`,
      confirmLabel: 'Delete',
      danger: true,
      children: (
        <p>
          Deployment <strong>{deployment}</strong> of endpoint <strong>{endpoint}</strong> and its instances will be deleted. A deployment that
          receives traffic cannot be deleted: set its traffic to 0 first.
        </p>
      ),
      onConfirm: async () => {
        await armSend('DELETE', path, ML_API);
        navigate(hrefs.endpoint(group, workspace, endpoint));
      },
    });
  const p = d?.properties;
  const rs = p?.requestSettings;
  return (
    <Page
      title={deployment}
      crumbs={[
        { label: 'Home', href: '/' },
        { label: 'Endpoints', href: '/endpoints' },
        { label: endpoint, href: hrefs.endpoint(group, workspace, endpoint) },
        { label: 'Deployments' },
        { label: deployment },
      ]}
      actions={
        d && (
          <>
            <Link href={`${hrefs.endpoint(group, workspace, endpoint)}?tab=logs&deployment=${encodeURIComponent(deployment)}`} class="button endpoints-button">
              Logs
            </Link>
            <button type="button" class="danger" onClick={askDelete} {...deniedHint(canDelete, ACTIONS.deploymentDelete)}>
              Delete deployment
            </button>
          </>
        )
      }
    >
      {notFound && (
        <p>
          Deployment {deployment} does not exist on endpoint <Link href={hrefs.endpoint(group, workspace, endpoint)}>{endpoint}</Link>.
        </p>
      )}
      <ErrorBanner error={dep.error} />
      {dep.loading && !d && <p role="status">Loading…</p>}
      {d && p && (
        <>
          <section aria-labelledby="dep-progress">
            <h2 id="dep-progress">
              Provisioning <StateBadge state={state} />
            </h2>
            <ProvisioningStepper progress={progress} state={state} />
            <p class="endpoints-note" role="status">
              {running ? 'Provisioning in progress: refreshing every 2 seconds.' : ''}
            </p>
            {progress.outcome === 'failed' && <ProvisioningFailure failure={progress.failure} />}
            <ErrorBanner error={logs.error} />
          </section>
          <section aria-labelledby="dep-properties">
            <h2 id="dep-properties">Properties</h2>
            <Properties
              items={[
                ['Endpoint', <Link href={hrefs.endpoint(group, workspace, endpoint)}>{endpoint}</Link>],
                ['Model', p.model ? <span title={p.model}>{assetName(p.model)}</span> : undefined],
                ['Code', p.codeConfiguration ? <span title={p.codeConfiguration.codeId}>{assetName(p.codeConfiguration.codeId)}</span> : undefined],
                ['Scoring script', p.codeConfiguration?.scoringScript],
                ['Environment', p.environmentId ? <span title={p.environmentId}>{assetName(p.environmentId)}</span> : undefined],
                ['Image', env.data?.properties.image ?? (env.data?.properties.build ? 'built from a Docker build context' : undefined)],
                ['Instance type', p.instanceType],
                ['Instance count', d.sku?.capacity ?? 1],
                ['Max concurrent requests per instance', rs?.maxConcurrentRequestsPerInstance],
                ['Request timeout', rs?.requestTimeout],
                ['Max queue wait', rs?.maxQueueWait],
                ['Liveness probe', probeText(p.livenessProbe)],
                ['Readiness probe', probeText(p.readinessProbe)],
                ['App Insights', p.appInsightsEnabled ? 'Enabled' : 'Disabled'],
                ['Egress public network access', p.egressPublicNetworkAccess],
                ['Created', <Time iso={d.systemData?.createdAt} />],
                ['Last modified', <Time iso={d.systemData?.lastModifiedAt} />],
              ]}
            />
          </section>
          {p.environmentVariables && Object.keys(p.environmentVariables).length > 0 && (
            <section aria-labelledby="dep-env">
              <h2 id="dep-env">Environment variables</h2>
              <Properties items={Object.entries(p.environmentVariables).map(([k, v]) => [k, <code>{v}</code>])} />
            </section>
          )}
          {logs.data && (
            <details class="endpoints-details">
              <summary>Recent log lines</summary>
              <h3>storage-initializer</h3>
              <pre tabIndex={0}>{tailLines(logs.data.storageInitializer, 40) || '(empty)'}</pre>
              <h3>inference-server</h3>
              <pre tabIndex={0}>{tailLines(logs.data.inferenceServer, 40) || '(empty)'}</pre>
            </details>
          )}
        </>
      )}
      {confirm.dialog}
    </Page>
  );
}

function tailLines(text: string, n: number): string {
  const lines = text.split('\n').filter((l) => l !== '');
  return lines.slice(-n).join('\n');
}
