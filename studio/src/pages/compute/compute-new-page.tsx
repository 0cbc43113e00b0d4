/**
 * `/compute/{group}/{workspace}/new`: the compute instance form — name, size, then Advanced settings → Assign a
 * managed identity → System-assigned or User-assigned (subscription and identity). The PUT is the one
 * `az ml compute create` sends for the same choices.
 */
import { useState } from 'preact/hooks';
import { API, armGet, armList, armSend, parseId } from '../../api/arm.js';
import { config } from '../../api/config.js';
import { usePermissions } from '../../api/permissions.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Field, deniedHint } from '../../ui/field.js';
import { Page } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { Link, navigate } from '../../router.js';
import { COMPUTE_ACTIONS, computeHref, computeListHref, computePath, listComputes, workspacePath, type Compute, type Workspace } from './compute-api.js';
import { COMPUTE_NAME, COMPUTE_NAME_RULE, DEFAULT_VM_SIZE, VM_SIZES, computeCreateBody, type IdentityChoice } from './compute-body.js';

interface Subscription {
  subscriptionId: string;
  displayName?: string;
}

interface Uai {
  id: string;
  name: string;
}

type IdentityType = 'SystemAssigned' | 'UserAssigned';

function IdentityPicker(props: { subscription: string; onSubscription: (s: string) => void; identity: string; onIdentity: (id: string) => void }) {
  const subs = useAsync((signal) => armList<Subscription>('/subscriptions', API.subscriptions, signal), []);
  const uais = useAsync(
    (signal) => armList<Uai>(`/subscriptions/${encodeURIComponent(props.subscription)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, API.msi, signal),
    [props.subscription],
  );
  const subOptions = subs.data && subs.data.length > 0 ? subs.data : [{ subscriptionId: config().subscriptionId }];
  const sorted = [...(uais.data ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div class="compute-picker">
      <Field label="Subscription">
        {(id) => (
          <select id={id} value={props.subscription} onChange={(e) => props.onSubscription((e.target as HTMLSelectElement).value)}>
            {subOptions.map((s) => (
              <option value={s.subscriptionId}>{s.displayName ? `${s.displayName} (${s.subscriptionId})` : s.subscriptionId}</option>
            ))}
          </select>
        )}
      </Field>
      <ErrorBanner error={subs.error} />
      <Field label="User-assigned identity" hint="The identities you can see in this subscription. Assigning one needs Managed Identity Operator (…/assign/action) on it.">
        {(id) => (
          <select id={id} value={props.identity} required aria-busy={uais.loading} onChange={(e) => props.onIdentity((e.target as HTMLSelectElement).value)}>
            <option value="">{uais.loading && !uais.data ? 'Loading identities…' : 'Select an identity'}</option>
            {sorted.map((u) => (
              <option value={u.id}>{`${u.name} (${parseId(u.id).resourceGroup})`}</option>
            ))}
          </select>
        )}
      </Field>
      <ErrorBanner error={uais.error} />
      {uais.data && uais.data.length === 0 && (
        <p class="hint">
          No user-assigned identities are visible to you in this subscription. <Link href="/identities/new">Create a managed identity</Link>
        </p>
      )}
    </div>
  );
}

export function NewComputePage(props: { group: string; workspace: string }) {
  const { group, workspace } = props;
  const ws = useAsync((signal) => armGet<Workspace>(workspacePath(group, workspace), API.ml, signal), [group, workspace]);
  const perms = usePermissions(workspacePath(group, workspace));
  const hint = deniedHint(perms.can(COMPUTE_ACTIONS.write), COMPUTE_ACTIONS.write);
  const [name, setName] = useState('');
  const [vmSize, setVmSize] = useState(DEFAULT_VM_SIZE);
  const [assign, setAssign] = useState(false);
  const [idType, setIdType] = useState<IdentityType>('SystemAssigned');
  const [subscription, setSubscription] = useState(config().subscriptionId);
  const [uai, setUai] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const [progress, setProgress] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();

  const identity: IdentityChoice | undefined = !assign ? undefined : idType === 'SystemAssigned' ? { type: 'SystemAssigned' } : { type: 'UserAssigned', resourceIds: uai ? [uai] : [] };
  const location = ws.data?.location ?? '';
  const body = computeCreateBody({ vmSize, identity }, location);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    if (!COMPUTE_NAME.test(name)) {
      setNameError(`Compute name '${name}' is invalid. ${COMPUTE_NAME_RULE}`);
      (document.getElementById('compute-name') as HTMLInputElement | null)?.focus();
      return;
    }
    setNameError(undefined);
    if (assign && idType === 'UserAssigned' && !uai) {
      setError(new Error('Select the user-assigned identity to assign, or choose System-assigned.'));
      return;
    }
    if (!location) {
      setError(ws.error ?? new Error('The workspace location is not known yet.'));
      return;
    }
    const path = computePath(group, workspace, name);
    try {
      setProgress('Checking the name…');
      // Listed rather than read, so a free name costs no 404; a failed list is left for the PUT to report.
      const existing = (await listComputes(group, workspace).catch(() => [] as Compute[])).find((c) => c.name.toLowerCase() === name.toLowerCase());
      if (existing) {
        setProgress(undefined);
        setNameError(`A compute named '${name}' already exists in workspace ${workspace}.`);
        return;
      }
      setProgress('Creating…');
      await armSend<Compute>('PUT', path, API.ml, body, (status) => setProgress(status === 'Succeeded' ? 'Succeeded' : `Creating… (${status})`));
      setProgress('Succeeded');
      navigate(computeHref(group, workspace, name));
    } catch (x) {
      setProgress(undefined);
      setError(x);
    }
  };

  const busy = progress !== undefined;
  return (
    <Page
      title="New compute instance"
      crumbs={[{ label: 'Compute', href: '/compute' }, { label: `${workspace} (${group})`, href: computeListHref(group, workspace) }, { label: 'New' }]}
    >
      <ErrorBanner error={ws.error} />
      <form class="compute-form" onSubmit={(e) => void submit(e)} noValidate aria-label="New compute instance">
        <Field label="Compute name" id="compute-name" hint={COMPUTE_NAME_RULE}>
          {(id) => (
            <input
              id={id}
              value={name}
              required
              autoComplete="off"
              spellcheck={false}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? 'compute-name-error' : undefined}
              onInput={(e) => setName((e.target as HTMLInputElement).value.trim())}
            />
          )}
        </Field>
        {nameError && (
          <p id="compute-name-error" class="compute-invalid" role="alert">
            {nameError}
          </p>
        )}
        <Field label="Virtual machine size">
          {(id) => (
            <select id={id} value={vmSize} onChange={(e) => setVmSize((e.target as HTMLSelectElement).value)}>
              {VM_SIZES.map((s) => (
                <option value={s.name}>{`${s.name} (${s.detail})`}</option>
              ))}
            </select>
          )}
        </Field>
        <p class="hint">
          Workspace <strong>{workspace}</strong>
          {location ? `, region ${location}` : ''}.
        </p>
        <details class="compute-advanced">
          <summary>Advanced settings</summary>
          <div class="compute-advanced-body">
            <label class="compute-check">
              <input type="checkbox" checked={assign} onChange={(e) => setAssign((e.target as HTMLInputElement).checked)} />
              Assign a managed identity
            </label>
            {assign && (
              <fieldset class="compute-radios">
                <legend>Identity type</legend>
                <label>
                  <input type="radio" name="compute-identity-type" value="SystemAssigned" checked={idType === 'SystemAssigned'} onChange={() => setIdType('SystemAssigned')} />
                  System-assigned
                </label>
                <label>
                  <input type="radio" name="compute-identity-type" value="UserAssigned" checked={idType === 'UserAssigned'} onChange={() => setIdType('UserAssigned')} />
                  User-assigned
                </label>
              </fieldset>
            )}
            {assign && idType === 'UserAssigned' && (
              <IdentityPicker
                subscription={subscription}
                onSubscription={(s) => {
                  setSubscription(s);
                  setUai('');
                }}
                identity={uai}
                onIdentity={setUai}
              />
            )}
          </div>
        </details>
        <details class="compute-body">
          <summary>Request body</summary>
          <pre>{JSON.stringify(body, null, 2)}</pre>
        </details>
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        {progress && (
          <p role="status" aria-live="polite" class="compute-progress">
            {progress}
          </p>
        )}
        <div class="actions">
          <button type="submit" class="primary" disabled={hint.disabled || busy} title={hint.title}>
            {busy ? 'Creating…' : 'Create'}
          </button>
          <button type="button" disabled={busy} onClick={() => navigate(computeListHref(group, workspace))}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  );
}
