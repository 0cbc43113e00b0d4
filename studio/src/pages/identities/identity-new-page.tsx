/** `/identities/new`: create a user-assigned identity (name, resource group, region). */
import { useState } from 'preact/hooks';
import { API, armSend } from '../../api/arm.js';
import { config } from '../../api/config.js';
import { usePermissions } from '../../api/permissions.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { Field, deniedHint } from '../../ui/field.js';
import { Page } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { navigate } from '../../router.js';
import { UAI_ACTIONS, groupPath, listGroups, uaiHref, uaiPath, type Uai } from './identity-api.js';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]{2,127}$/;
const NAME_RULE = 'The name can be 3-128 characters long. It must begin with a letter or number and can contain letters, numbers, dashes and underscores.';

export function NewIdentityPage(props: { group?: string }) {
  const groups = useAsync((signal) => listGroups(signal).then((l) => [...l].sort((a, b) => a.name.localeCompare(b.name))), []);
  const [name, setName] = useState('');
  const [chosenGroup, setGroup] = useState<string | undefined>(props.group);
  const [chosenLocation, setLocation] = useState<string | undefined>();
  const [nameError, setNameError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const group = chosenGroup ?? groups.data?.[0]?.name ?? '';
  const groupLocation = groups.data?.find((g) => g.name.toLowerCase() === group.toLowerCase())?.location ?? '';
  const location = chosenLocation ?? groupLocation;
  const perms = usePermissions(group ? groupPath(group) : undefined);
  const hint = deniedHint(perms.can(UAI_ACTIONS.write), UAI_ACTIONS.write);

  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    if (!NAME.test(name)) {
      setNameError(`Resource name ${name} is invalid. ${NAME_RULE}`);
      (document.getElementById('identity-name') as HTMLInputElement | null)?.focus();
      return;
    }
    setNameError(undefined);
    if (!group) {
      setError(new Error('Select a resource group.'));
      return;
    }
    setBusy(true);
    try {
      const created = await armSend<Uai>('PUT', uaiPath(group, name), API.msi, { location: location.trim() });
      navigate(uaiHref(group, created?.name ?? name));
    } catch (x) {
      setError(x);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Create managed identity" crumbs={[{ label: 'Managed identities', href: '/identities' }, { label: 'Create' }]}>
      <ErrorBanner error={groups.error} />
      <form class="identities-form" noValidate onSubmit={(e) => void submit(e)} aria-label="Create managed identity">
        <Field label="Subscription">{(id) => <input id={id} value={config().subscriptionId} readOnly />}</Field>
        <Field label="Resource group">
          {(id) => (
            <select
              id={id}
              value={group}
              onChange={(e) => {
                setGroup((e.target as HTMLSelectElement).value);
                setLocation(undefined);
              }}
            >
              {groups.loading && !groups.data && <option value="">Loading resource groups…</option>}
              {(groups.data ?? []).map((g) => (
                <option value={g.name}>{g.name}</option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Region" hint="Defaults to the resource group's region.">
          {(id) => <input id={id} value={location} autoComplete="off" onInput={(e) => setLocation((e.target as HTMLInputElement).value)} />}
        </Field>
        <Field label="Name" id="identity-name" hint={NAME_RULE}>
          {(id) => (
            <input
              id={id}
              value={name}
              autoComplete="off"
              spellcheck={false}
              aria-invalid={nameError ? true : undefined}
              aria-describedby={nameError ? 'identity-name-error' : undefined}
              onInput={(e) => setName((e.target as HTMLInputElement).value.trim())}
            />
          )}
        </Field>
        {nameError && (
          <p id="identity-name-error" class="identities-invalid" role="alert">
            {nameError}
          </p>
        )}
        <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        <div class="actions">
          <button type="submit" class="primary" disabled={hint.disabled || busy} title={hint.title}>
            {busy ? 'Creating…' : 'Create'}
          </button>
          <button type="button" disabled={busy} onClick={() => navigate('/identities')}>
            Cancel
          </button>
        </div>
      </form>
    </Page>
  );
}
