/**
 * One online endpoint: Details (URIs, auth mode, identity, deployments with editable traffic), Test, Consume and
 * Logs tabs. Polls every 2 s while the endpoint or one of its deployments is still changing.
 */
import type { ComponentChildren } from 'preact';
import { Page, Properties, StateBadge, Time } from '../../ui/page.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { CopyButton, deniedHint } from '../../ui/field.js';
import { Tabs } from '../../ui/tabs.js';
import { useConfirm } from '../../ui/confirm-dialog.js';
import { useAsync } from '../../ui/use-async.js';
import { usePermissions } from '../../api/permissions.js';
import { armSend, type ArmIdentity } from '../../api/arm.js';
import { callJson, ApiFailure } from '../../api/http.js';
import { graphUrl } from '../../api/config.js';
import { navigate } from '../../router.js';
import { ACTIONS, ML_API, endpointPath, getEndpoint, hrefs, isTerminal, listDeployments, nameOf, type Deployment, type Endpoint } from './ml-resources.js';
import { DeploymentTraffic } from './deployment-traffic.js';
import { EndpointTestTab } from './endpoint-test-tab.js';
import { EndpointConsumeTab } from './endpoint-consume-tab.js';
import { EndpointLogsTab } from './endpoint-logs-tab.js';
import { useInterval } from './use-interval.js';
import './endpoints.css';

function Copyable(props: { value: string | undefined; label: string }) {
  if (!props.value) return <span>—</span>;
  return (
    <span>
      <code>{props.value}</code> <CopyButton text={props.value} label={`Copy ${props.label}`} />
    </span>
  );
}

/** The client id of a system-assigned identity is not in the endpoint resource: Microsoft Graph knows it (appId). */
function useSystemClientId(principalId: string | undefined): string | undefined {
  const sp = useAsync(
    (signal) =>
      principalId
        ? callJson<{ appId?: string }>(graphUrl(`/v1.0/servicePrincipals/${encodeURIComponent(principalId)}?$select=id,appId`), { auth: 'graph', signal }).catch(() => undefined)
        : Promise.resolve(undefined),
    [principalId],
  );
  return sp.data?.appId;
}

function IdentityDetails(props: { identity: ArmIdentity | undefined }) {
  const id = props.identity;
  const uais = Object.entries(id?.userAssignedIdentities ?? {});
  const system = /SystemAssigned/i.test(id?.type ?? '');
  const systemClientId = useSystemClientId(system ? id?.principalId : undefined);
  const items: Array<[string, ComponentChildren]> = [['Identity type', id?.type ?? 'None']];
  if (system) {
    items.push(['Principal id', <Copyable value={id?.principalId} label="principal id" />]);
    items.push(['Client id', <Copyable value={systemClientId} label="client id" />]);
  }
  for (const [rid, v] of uais) {
    items.push(['User-assigned identity', <span title={rid}>{nameOf(rid)}</span>]);
    items.push(['Principal id', <Copyable value={v.principalId} label={`principal id of ${nameOf(rid)}`} />]);
    items.push(['Client id', <Copyable value={v.clientId} label={`client id of ${nameOf(rid)}`} />]);
  }
  if (id?.tenantId) items.push(['Tenant id', id.tenantId]);
  return (
    <section aria-labelledby="ep-identity">
      <h2 id="ep-identity">Identity</h2>
      <Properties items={items} />
    </section>
  );
}

function DetailsTab(props: {
  group: string;
  workspace: string;
  endpoint: Endpoint;
  deployments: Deployment[] | undefined;
  can: (a: string) => boolean;
  onChanged: () => void;
}) {
  const ep = props.endpoint;
  const p = ep.properties;
  return (
    <div>
      <section aria-labelledby="ep-attributes">
        <h2 id="ep-attributes">Attributes</h2>
        <Properties
          items={[
            ['Provisioning state', <StateBadge state={p.provisioningState} />],
            ['Scoring URI', <Copyable value={p.scoringUri} label="scoring URI" />],
            ['Swagger URI', <Copyable value={p.swaggerUri} label="swagger URI" />],
            ['Auth mode', p.authMode],
            ['Public network access', p.publicNetworkAccess],
            ['Location', ep.location],
            ['Description', p.description ?? undefined],
            ['Created', <Time iso={p.properties?.createdAt ?? ep.systemData?.createdAt} />],
            ['Last modified', <Time iso={p.properties?.lastModifiedAt ?? ep.systemData?.lastModifiedAt} />],
          ]}
        />
      </section>
      <IdentityDetails identity={ep.identity} />
      <DeploymentTraffic group={props.group} workspace={props.workspace} endpoint={ep} deployments={props.deployments} can={props.can} onChanged={props.onChanged} />
    </div>
  );
}

export function EndpointDetailPage(props: { group: string; workspace: string; endpoint: string }) {
  const { group, workspace, endpoint } = props;
  const scope = endpointPath(group, workspace, endpoint);
  const epState = useAsync((signal) => getEndpoint(group, workspace, endpoint, signal), [scope]);
  const busy = !isTerminal(epState.data?.properties.provisioningState);
  const depState = useAsync((signal) => listDeployments(group, workspace, endpoint, signal), [scope]);
  const depsBusy = (depState.data ?? []).some((d) => !isTerminal(d.properties.provisioningState));
  const poll = epState.data && !epState.error && (busy || depsBusy) ? 2000 : undefined;
  const reloadAll = () => {
    epState.reload();
    depState.reload();
  };
  useInterval(reloadAll, poll);
  const perms = usePermissions(scope);
  const confirm = useConfirm();
  const ep = epState.data;
  const notFound = epState.error instanceof ApiFailure && epState.error.status === 404;
  const askDelete = () =>
    confirm.ask({
      title: `Delete endpoint ${endpoint}?`,
      confirmLabel: 'Delete',
      danger: true,
      children: (
        <p>
          Endpoint <strong>{endpoint}</strong>, all its deployments, its keys and its system-assigned identity (with its role assignments) will be
          deleted. This cannot be undone.
        </p>
      ),
      onConfirm: async () => {
        await armSend('DELETE', scope, ML_API);
        navigate(hrefs.workspaceEndpoints(group, workspace));
      },
    });
  const canDelete = perms.can(ACTIONS.endpointDelete);
  return (
    <Page
      title={endpoint}
      crumbs={[
        { label: 'Home', href: '/' },
        { label: 'Endpoints', href: '/endpoints' },
        { label: workspace, href: hrefs.workspaceEndpoints(group, workspace) },
        { label: endpoint },
      ]}
      actions={
        ep && (
          <button type="button" class="danger" onClick={askDelete} {...deniedHint(canDelete, ACTIONS.endpointDelete)}>
            Delete endpoint
          </button>
        )
      }
    >
      {notFound && <p>Endpoint {endpoint} does not exist in workspace {workspace} (resource group {group}).</p>}
      <ErrorBanner error={epState.error} />
      {epState.loading && !ep && <p role="status">Loading…</p>}
      {ep && (
        <Tabs
          label="Endpoint"
          tabs={[
            {
              id: 'details',
              label: 'Details',
              render: () => <DetailsTab group={group} workspace={workspace} endpoint={ep} deployments={depState.data} can={perms.can} onChanged={reloadAll} />,
            },
            { id: 'test', label: 'Test', render: () => <EndpointTestTab group={group} workspace={workspace} endpoint={ep} deployments={depState.data} /> },
            { id: 'consume', label: 'Consume', render: () => <EndpointConsumeTab group={group} workspace={workspace} endpoint={ep} can={perms.can} /> },
            { id: 'logs', label: 'Logs', render: () => <EndpointLogsTab group={group} workspace={workspace} endpoint={endpoint} deployments={depState.data} /> },
          ]}
        />
      )}
      <ErrorBanner error={depState.error} />
      {confirm.dialog}
    </Page>
  );
}
