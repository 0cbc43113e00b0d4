/**
 * Add role assignment, in the portal's three steps: Role (filterable list of role definitions), Members (user,
 * service principal or managed identity), Review + assign (one PUT per member with the user's own token).
 */
import { useState } from 'preact/hooks';
import { clearPermissions, usePermissions } from '../../api/permissions.js';
import { navigate } from '../../router.js';
import { DataTable, type Column } from '../../ui/data-table.js';
import { ErrorBanner } from '../../ui/error-banner.js';
import { deniedHint } from '../../ui/field.js';
import { Page, Properties } from '../../ui/page.js';
import { useAsync } from '../../ui/use-async.js';
import { createAssignment, KIND_LABEL, listRoleDefinitions, principalTypeOf, type Principal, type RoleDefinition } from './access-api.js';
import { MemberPicker } from './member-picker.js';
import { accessHref, describeScope } from './scope.js';
import './access.css';

const WRITE = 'Microsoft.Authorization/roleAssignments/write';
const STEPS = ['Role', 'Members', 'Review + assign'];

export function RolePicker(props: { scope: string; selected: RoleDefinition | undefined; onSelect: (r: RoleDefinition) => void }) {
  const defs = useAsync(() => listRoleDefinitions(props.scope), [props.scope]);
  const columns: Column<RoleDefinition>[] = [
    {
      key: 'name',
      label: 'Name',
      value: (r) => r.properties.roleName,
      render: (r) => (
        <label class="access-radio">
          <input type="radio" name="access-role" checked={props.selected?.id === r.id} onChange={() => props.onSelect(r)} />
          {r.properties.roleName}
        </label>
      ),
    },
    { key: 'description', label: 'Description', value: (r) => r.properties.description },
    { key: 'type', label: 'Type', value: (r) => (r.properties.type === 'BuiltInRole' ? 'Built-in role' : 'Custom role') },
  ];
  return (
    <div>
      <ErrorBanner error={defs.error} />
      <DataTable
        name="roles"
        caption="Role definitions"
        columns={columns}
        rows={defs.data && [...defs.data].sort((a, b) => a.properties.roleName.localeCompare(b.properties.roleName))}
        rowKey={(r) => r.id}
        loading={defs.loading}
        empty="No roles can be assigned at this scope."
      />
    </div>
  );
}

export function AddAssignmentPage(props: { scope: string }) {
  const { scope } = props;
  const [step, setStep] = useState(0);
  const [role, setRole] = useState<RoleDefinition>();
  const [members, setMembers] = useState<Principal[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState<string[]>([]);
  const perms = usePermissions(scope);
  const canWrite = perms.can(WRITE);
  const back = accessHref(scope);
  const nextDisabled = (step === 0 && !role) || (step === 1 && members.length === 0);

  const assign = async () => {
    if (!role) return;
    setBusy(true);
    setError(undefined);
    try {
      for (const m of members) {
        if (done.includes(m.id)) continue;
        await createAssignment(scope, role.id, m.id, principalTypeOf(m.kind));
        setDone((d) => [...d, m.id]);
      }
      clearPermissions();
      navigate(accessHref(scope, `&added=${encodeURIComponent(role.properties.roleName)}`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page
      title="Add role assignment"
      crumbs={[
        { label: 'Home', href: '/' },
        { label: 'Access control', href: back },
        { label: 'Add role assignment' },
      ]}
    >
      <p>
        Scope: <strong>{describeScope(scope).label}</strong> <code class="access-id">{scope}</code>
      </p>
      {!canWrite && (
        <div class="banner info" role="note">
          <p class="message">{deniedHint(false, WRITE).title}</p>
        </div>
      )}
      <ol class="access-steps" aria-label="Steps">
        {STEPS.map((s, i) => (
          <li aria-current={i === step ? 'step' : undefined} class={i === step ? 'current' : i < step ? 'done' : ''}>
            {s}
          </li>
        ))}
      </ol>
      <section aria-label={STEPS[step]}>
        {step === 0 && (
          <>
            <h2>Role</h2>
            <p class="hint">A role definition is a collection of permissions. Pick the one to grant.</p>
            <RolePicker scope={scope} selected={role} onSelect={setRole} />
          </>
        )}
        {step === 1 && (
          <>
            <h2>Members</h2>
            <p>
              Role: <strong>{role?.properties.roleName}</strong>
            </p>
            <MemberPicker idPrefix="add" multiple selected={members} onChange={setMembers} />
          </>
        )}
        {step === 2 && role && (
          <>
            <h2>Review + assign</h2>
            <Properties
              items={[
                ['Role', role.properties.roleName],
                ['Scope', <code>{scope}</code>],
                [
                  'Members',
                  <ul class="access-plain">
                    {members.map((m) => (
                      <li>
                        {m.displayName} <small class="hint">({KIND_LABEL[m.kind]}, {m.id})</small>
                        {done.includes(m.id) ? ' — assigned' : ''}
                      </li>
                    ))}
                  </ul>,
                ],
                ['Description', role.properties.description],
              ]}
            />
            <ErrorBanner error={error} />
          </>
        )}
      </section>
      <div class="actions access-wizard-actions">
        {step > 0 && (
          <button type="button" onClick={() => setStep(step - 1)} disabled={busy}>
            Previous
          </button>
        )}
        {step < 2 ? (
          <button type="button" class="primary" disabled={nextDisabled} onClick={() => setStep(step + 1)}>
            Next
          </button>
        ) : (
          <button type="button" class="primary" onClick={() => void assign()} {...(busy ? { disabled: true } : deniedHint(canWrite, WRITE))}>
            {busy ? 'Assigning…' : 'Assign'}
          </button>
        )}
        <button type="button" onClick={() => navigate(back)} disabled={busy}>
          Cancel
        </button>
      </div>
    </Page>
  );
}
