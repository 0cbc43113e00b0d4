/** `/compute/{group}/{workspace}/{name}`: properties, identity, state, Start / Stop / Restart / Delete. */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { API, armGet, parseId, type ArmIdentity } from '../../api/arm.js';
import { ApiFailure } from '../../api/http.js';
import { usePermissions } from '../../api/permissions.js';
import { useConfirm } from '../../ui/confirm-dialog.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { CopyButton, deniedHint } from '../../ui/field.js';
import { Page, Properties, StateBadge, Time } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { Link, navigate } from '../../router.js';
import { COMPUTE_ACTIONS, computeListHref, computePath, isTransitional, type Compute } from './compute-api.js';
import { beginOperation } from './compute-operation.js';

type Action = 'start' | 'stop' | 'restart' | 'delete';

const ACTION_WORDS: Record<Action, { label: string; busy: string }> = {
  start: { label: 'Start', busy: 'Starting' },
  stop: { label: 'Stop', busy: 'Stopping' },
  restart: { label: 'Restart', busy: 'Restarting' },
  delete: { label: 'Delete', busy: 'Deleting' },
};

function identityHref(id: string): string | undefined {
  const p = parseId(id);
  return p.resourceGroup && p.name ? `/identities/${encodeURIComponent(p.resourceGroup)}/${encodeURIComponent(p.name)}` : undefined;
}

export function IdentitySection(props: { identity: ArmIdentity | undefined }) {
  const id = props.identity;
  const uais = Object.entries(id?.userAssignedIdentities ?? {});
  return (
    <section aria-labelledby="compute-identity-h">
      <h2 id="compute-identity-h">Identity</h2>
      <Properties
        items={[
          ['Identity type', id?.type ?? 'None'],
          ...(id?.principalId ? ([['Principal id', <code>{id.principalId}</code>]] as Array<[string, ComponentChildren]>) : []),
          ...(id?.tenantId ? ([['Tenant id', <code>{id.tenantId}</code>]] as Array<[string, ComponentChildren]>) : []),
        ]}
      />
      {uais.length > 0 && (
        <div class="table-wrap compute-table">
          <table class="compute-uai">
            <caption>User-assigned identities</caption>
            <thead>
              <tr>
                <th scope="col">Identity</th>
                <th scope="col">Client id</th>
                <th scope="col">Principal id</th>
              </tr>
            </thead>
            <tbody>
              {uais.map(([rid, v]) => {
                const href = identityHref(rid);
                const p = parseId(rid);
                return (
                  <tr key={rid}>
                    <td data-label="Identity">
                      {href ? <Link href={href}>{`${p.name} (${p.resourceGroup})`}</Link> : rid}
                      <div class="compute-id">
                        <code>{rid}</code>
                      </div>
                    </td>
                    <td data-label="Client id">
                      <code>{v.clientId ?? '—'}</code>
                    </td>
                    <td data-label="Principal id">
                      <code>{v.principalId ?? '—'}</code>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ComputeDetailPage(props: { group: string; workspace: string; name: string }) {
  const { group, workspace, name } = props;
  const path = computePath(group, workspace, name);
  const [poll, setPoll] = useState<number | undefined>();
  const [pending, setPending] = useState<Action | undefined>();
  const [actionError, setActionError] = useState<unknown>();
  const state = useAsync((signal) => armGet<Compute>(path, API.ml, signal), [path], poll);
  const c = state.data;
  const inner = c?.properties.properties ?? {};
  const changing = pending !== undefined || isTransitional(inner.state) || isTransitional(c?.properties.provisioningState);
  // While a delete runs the compute is about to vanish: no polling (its 404 would only be noise).
  useEffect(() => setPoll(changing && pending !== 'delete' ? 1500 : undefined), [changing, pending]);
  const perms = usePermissions(c ? path : undefined);
  const confirm = useConfirm();

  const notFound = state.error instanceof ApiFailure && state.error.status === 404;

  /** Sends the request (a refusal is thrown to the caller), then follows the operation in the background. */
  const run = async (action: Action) => {
    setActionError(undefined);
    const accepted =
      action === 'delete'
        ? await beginOperation('DELETE', path, API.ml, '&underlyingResourceAction=Delete')
        : await beginOperation('POST', `${path}/${action}`, API.ml);
    setPending(action);
    if (action !== 'delete') state.reload();
    accepted
      .done()
      .then(
        () => {
          if (action === 'delete') navigate(computeListHref(group, workspace));
        },
        (e: unknown) => {
          setActionError(e);
          if (action === 'delete') state.reload();
        },
      )
      .finally(() => {
        setPending(undefined);
        if (action !== 'delete') state.reload();
      });
  };

  const act = (action: Action) => {
    if (action === 'start') {
      run('start').catch((e: unknown) => setActionError(e));
      return;
    }
    const words = ACTION_WORDS[action];
    confirm.ask({
      title: `${words.label} compute instance`,
      confirmLabel: words.label,
      danger: action !== 'restart',
      children:
        action === 'delete' ? (
          <p>
            Delete compute instance <strong>{name}</strong>? Its files and any system-assigned identity are removed. This cannot be undone.
          </p>
        ) : action === 'stop' ? (
          <p>
            Stop compute instance <strong>{name}</strong>? Running processes end.
          </p>
        ) : (
          <p>
            Restart compute instance <strong>{name}</strong>? Running processes end and the instance starts again.
          </p>
        ),
      onConfirm: () => run(action),
    });
  };

  const st = pending === 'delete' ? 'Deleting' : inner.state;
  const button = (action: Action, enabledIn: boolean) => {
    const allowed = perms.can(COMPUTE_ACTIONS[action]);
    const hint = deniedHint(allowed, COMPUTE_ACTIONS[action]);
    const disabled = hint.disabled || !enabledIn || pending !== undefined;
    return (
      <button type="button" class={action === 'delete' ? 'danger' : undefined} disabled={disabled} title={hint.title} onClick={() => act(action)}>
        {ACTION_WORDS[action].label}
      </button>
    );
  };
  const loaded = c !== undefined;
  const actions = loaded ? (
    <>
      {button('start', st === 'Stopped')}
      {button('stop', st === 'Running' || st === 'JobRunning')}
      {button('restart', st === 'Running' || st === 'JobRunning')}
      {button('delete', st !== 'Deleting')}
      <button type="button" onClick={state.reload}>
        Refresh
      </button>
    </>
  ) : undefined;

  return (
    <Page
      title={name}
      crumbs={[{ label: 'Compute', href: '/compute' }, { label: `${workspace} (${group})`, href: computeListHref(group, workspace) }, { label: name }]}
      actions={actions}
    >
      {confirm.dialog}
      {notFound ? (
        <div class="banner info" role="status">
          <p>
            Compute <strong>{name}</strong> was not found in workspace {workspace}. <Link href={computeListHref(group, workspace)}>Back to the workspace's compute</Link>
          </p>
        </div>
      ) : (
        <ErrorBanner error={state.error} />
      )}
      <ErrorBanner error={actionError} onDismiss={() => setActionError(undefined)} />
      {state.loading && !c && !state.error && <p role="status">Loading…</p>}
      {c && (
        <>
          <p class="compute-state" role="status" aria-live="polite">
            State: <StateBadge state={st ?? c.properties.provisioningState} />
            {pending && <span class="compute-pending"> {ACTION_WORDS[pending].busy}…</span>}
          </p>
          <section aria-labelledby="compute-props-h">
            <h2 id="compute-props-h">Properties</h2>
            <Properties
              items={[
                ['Name', c.name],
                ['Workspace', <Link href={`/workspaces/${encodeURIComponent(group)}/${encodeURIComponent(workspace)}`}>{workspace}</Link>],
                ['Resource group', group],
                ['Compute type', c.properties.computeType],
                ['Virtual machine size', inner.vmSize],
                ['State', st],
                ['Provisioning state', c.properties.provisioningState],
                ['Location', c.location],
                ['Created', <Time iso={c.properties.createdOn} />],
                ['Created by', c.systemData?.createdBy],
                ['Last operation', inner.lastOperation ? `${inner.lastOperation.operationName ?? ''} · ${inner.lastOperation.operationStatus ?? ''}` : undefined],
                ['Last operation time', inner.lastOperation?.operationTime ? <Time iso={inner.lastOperation.operationTime} /> : undefined],
                ['Application sharing policy', inner.applicationSharingPolicy],
                ['SSH access', inner.sshSettings?.sshPublicAccess],
                ['Public IP address', inner.connectivityEndpoints?.publicIpAddress],
                ['Description', c.properties.description],
                [
                  'Resource id',
                  <>
                    <code>{c.id}</code> <CopyButton text={c.id} label="Copy resource id" />
                  </>,
                ],
              ]}
            />
          </section>
          <IdentitySection identity={c.identity} />
        </>
      )}
    </Page>
  );
}
